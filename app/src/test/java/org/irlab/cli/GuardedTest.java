package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.irlab.data.BadInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The exit codes of a {@code complete} subcommand's body: bad input 2, an internal check 1, never a stack trace. */
class GuardedTest {
    @CommandLine.Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @CommandLine.Parameters(index = "0") String throwing;
        @CommandLine.Spec CommandLine.Model.CommandSpec command;

        @Override public Integer call() {
            return Guarded.run(command, () -> {
                switch (throwing) {
                    case "bad-input" -> throw new BadInputException("ratings.csv: line 3: empty user");
                    case "internal" -> throw new IllegalArgumentException("factor shapes do not match 3×2 at rank 1");
                    default -> { return 0; }
                }
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad-input|2|probe: ratings.csv: line 3: empty user",
        "internal|1|probe: internal error: factor shapes do not match 3×2 at rank 1 (at GuardedTest$Probe.",
        "none|0|"})
    void anInputCheckExitsTwoAndAnInternalOneExitsOne(String throwing, int exit, String message) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Probe());
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute(throwing)).isEqualTo(exit);
        if (message != null) assertThat(err.toString()).startsWith(message).doesNotContain("\tat ");
        if (exit == 1) assertThat(err.toString()).contains("a bug, not your input");
        if (exit == 0) assertThat(err.toString()).isEmpty();
    }
}
