package org.irlab.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.irlab.sweep.Driver;
import org.irlab.sweep.Expansion;
import org.irlab.sweep.LocalEngine;
import org.irlab.sweep.LocalStore;
import org.irlab.sweep.Row;
import org.irlab.sweep.Sweep;
import org.irlab.sweep.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same sweep on the local engine and on Spark in local[2] (two partitionings): identical rows, row by row, and
 * cells; and Spark reads the local engine's results.parquet back to the same values.
 */
class SparkSweepTest {
    @TempDir static Path dir;
    static SparkSession spark;
    static Expansion expansion;
    static Driver.Result local, balanced, single;

    @BeforeAll
    static void runEverywhere() throws IOException {
        for (String f : new String[] {"tiny.json", "bad.csv"}) {
            try (InputStream in = SparkSweepTest.class.getResourceAsStream("/sweeps/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        expansion = Expansion.of(Sweep.load(dir.resolve("tiny.json"), false));
        local = Driver.run(expansion, new LocalStore(dir.resolve("local")), new LocalEngine(1), false, Driver.Listener.NONE);
        spark = SparkSessions.open("IRLab test", "local[2]", 2);
        balanced = Driver.run(expansion, new LocalStore(dir.resolve("spark")), new SparkEngine(spark, 5, false), false,
                Driver.Listener.NONE);
        single = Driver.run(expansion, new LocalStore(dir.resolve("spark1")), new SparkEngine(spark, 1, false), false,
                Driver.Listener.NONE);
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    @Test
    void sparkRowsEqualLocalRowsRowByRow() throws IOException {
        assertThat(balanced.ran()).isEqualTo(24);
        assertThat(balanced.engine()).contains("local[2]");
        for (int i = 0; i < local.rows().size(); i++) {
            Row l = local.rows().get(i);
            assertThat(balanced.rows().get(i).timeless()).as("row " + i).isEqualTo(l.timeless());
            assertThat(single.rows().get(i).timeless()).as("row " + i).isEqualTo(l.timeless());
        }
        assertThat(local.errors()).isEqualTo(12);
        assertThat(Files.readString(dir.resolve("spark/cells.csv"))).isEqualTo(Files.readString(dir.resolve("local/cells.csv")));
    }

    @Test
    void partitionsBalanceExpectedCost() {
        List<org.irlab.sweep.Job> jobs = new ArrayList<>();
        for (Expansion.Run r : expansion.runs()) jobs.add(r.job());
        List<List<org.irlab.sweep.Job>> parts = SparkEngine.balance(jobs, 4);
        double[] load = new double[parts.size()];
        double max = 0, total = 0;
        for (int i = 0; i < parts.size(); i++) {
            for (org.irlab.sweep.Job j : parts.get(i)) load[i] += j.cost();
            max = Math.max(max, 0);
        }
        for (double x : load) {
            total += x;
            max = Math.max(max, x);
        }
        double largest = 0;
        for (org.irlab.sweep.Job j : jobs) largest = Math.max(largest, j.cost());
        // LPT: no partition exceeds the mean by more than one job
        assertThat(max).isLessThanOrEqualTo(total / parts.size() + largest);
        assertThat(parts.stream().mapToInt(List::size).sum()).isEqualTo(jobs.size());
        assertThat(parts.get(0).get(0).cost()).isEqualTo(largest); // the most expensive run goes first
    }

    @Test
    void sparkReadsTheLocalParquetBackToTheRows() {
        Table table = Table.results(expansion, local.rows());
        Dataset<org.apache.spark.sql.Row> read = spark.read().parquet(dir.resolve("local/results.parquet").toString());
        List<org.apache.spark.sql.Row> got = read.collectAsList();
        assertThat(got).hasSize(table.rows());
        StructField[] fields = read.schema().fields();
        assertThat(fields).hasSize(table.columns().size());
        for (int c = 0; c < fields.length; c++) {
            Table.Column column = table.columns().get(c);
            assertThat(fields[c].name()).isEqualTo(column.name());
            assertThat(fields[c].dataType()).as(column.name()).isEqualTo(sparkType(column.type()));
            for (int r = 0; r < got.size(); r++) {
                Object expected = column.values()[r];
                Object actual = got.get(r).isNullAt(c) ? null : got.get(r).get(c);
                assertThat(actual).as(column.name() + " of row " + r).isEqualTo(expected);
            }
        }
        // the CSV Spark reads has the same rows
        long errors = spark.read().option("header", "true").csv(dir.resolve("local/results.csv").toString())
                .filter("status = 'error'").count();
        assertThat(errors).isEqualTo(12);
    }

    @Test
    void outputsGoToAnyHadoopFileSystemAndResumeFromThere() throws IOException {
        String uri = dir.resolve("hadoop").toUri().toString(); // file:///…, through Hadoop's FileSystem
        org.irlab.sweep.Store store = new SparkEngine(spark, 2, false).store(uri);
        Driver.Result r = Driver.run(expansion, store, new SparkEngine(spark, 2, false), false, Driver.Listener.NONE);
        assertThat(r.ran()).isEqualTo(24);
        assertThat(Files.readString(dir.resolve("hadoop/cells.csv"))).isEqualTo(Files.readString(dir.resolve("local/cells.csv")));
        assertThat(dir.resolve("hadoop/results.parquet")).isRegularFile();
        Driver.Result again = Driver.run(expansion, store, new LocalEngine(1), false, Driver.Listener.NONE);
        assertThat(again.reused()).isEqualTo(24);
        assertThat(again.ran()).isZero();
    }

    private static DataType sparkType(Table.Type t) {
        return switch (t) {
            case INT64 -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case STRING -> DataTypes.StringType;
            case BOOLEAN -> DataTypes.BooleanType;
        };
    }
}
