package org.irlab.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.irlab.linalg.Parallel;
import org.irlab.sweep.Engine;
import org.irlab.sweep.Execution;
import org.irlab.sweep.Job;
import org.irlab.sweep.Measures;
import org.irlab.sweep.Row;
import scala.Function2;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.BoxedUnit;

/**
 * Runs a sweep's jobs on Spark: distributes runs, not data. The driver deals the jobs into partitions of about
 * equal expected cost (largest first onto the lightest partition), each task runs its jobs one after the other with
 * the core engine and returns their rows, and the driver hears each partition's rows as soon as it finishes (so the
 * journal records them). A run that fails is a row with status error; a failed task is retried by Spark.
 */
public final class SparkEngine implements Engine {
    private final SparkSession session;
    private final boolean owned;
    private final int partitions;

    /**
     * @param partitions how many partitions (0: four per core of the cluster's default parallelism)
     * @param owned      whether {@link #close()} stops the session
     */
    public SparkEngine(SparkSession session, int partitions, boolean owned) {
        this.session = session;
        this.partitions = partitions;
        this.owned = owned;
    }

    @Override public String describe() {
        return "spark, master " + session.sparkContext().master() + ", " + session.sparkContext().defaultParallelism()
                + " cores";
    }

    /** Deals jobs into {@code count} partitions of about equal total cost (longest processing time first). */
    static List<List<Job>> balance(List<Job> jobs, int count) {
        List<Job> ordered = new ArrayList<>(jobs);
        ordered.sort(Comparator.comparingDouble(Job::cost).reversed().thenComparingInt(Job::row));
        List<List<Job>> out = new ArrayList<>();
        double[] load = new double[count];
        for (int i = 0; i < count; i++) out.add(new ArrayList<>());
        for (Job j : ordered) {
            int lightest = 0;
            for (int i = 1; i < count; i++) if (load[i] < load[lightest]) lightest = i;
            out.get(lightest).add(j);
            load[lightest] += Math.max(j.cost(), 1);
        }
        out.removeIf(List::isEmpty);
        return out;
    }

    @Override public void run(List<Job> jobs, Measures measures, Consumer<Row> sink) {
        if (jobs.isEmpty()) return;
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(session.sparkContext());
        int count = partitions > 0 ? partitions : 4 * sc.defaultParallelism();
        List<List<Job>> dealt = balance(jobs, Math.min(count, jobs.size()));
        JavaRDD<List<Job>> rdd = sc.parallelize(dealt, dealt.size()); // one list per partition
        String definition = measures.definition();
        Function2<TaskContext, scala.collection.Iterator<List<Job>>, ArrayList<Row>> task =
                (Function2<TaskContext, scala.collection.Iterator<List<Job>>, ArrayList<Row>> & Serializable)
                        (context, it) -> runPartition(it, definition);
        Function2<Object, ArrayList<Row>, BoxedUnit> handler = (index, rows) -> {
            for (Row r : rows) sink.accept(r);
            return BoxedUnit.UNIT;
        };
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < dealt.size(); i++) ids.add(i);
        ClassTag<ArrayList<Row>> tag = ClassTag$.MODULE$.apply(ArrayList.class);
        sc.sc().setJobDescription("IRLab sweep: " + jobs.size() + " runs");
        sc.sc().runJob(rdd.rdd(), task, CollectionConverters.asScala(ids).toSeq(), handler, tag);
    }

    /** Runs one partition's jobs on an executor (one core: parallel over runs, not inside them). */
    static ArrayList<Row> runPartition(scala.collection.Iterator<List<Job>> it, String definition) {
        if (Parallel.threads() != 1) Parallel.setThreads(1);
        Measures measures = Measures.fromDefinition(definition);
        ArrayList<Row> rows = new ArrayList<>();
        while (it.hasNext()) for (Job j : it.next()) rows.add(Execution.execute(j, measures));
        return rows;
    }

    @Override public org.irlab.sweep.Store store(String location) {
        return new HadoopStore(location, session.sparkContext().hadoopConfiguration());
    }

    @Override public void close() {
        if (owned) session.stop();
    }
}
