package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line registers the subcommand a run names, or all of them, under the names their classes declare. */
class MainTest {
    @org.junit.jupiter.api.Test
    void eachSubcommandAloneOrAll() {
        for (var entry : Main.SUBCOMMANDS.entrySet()) {
            if (entry.getKey().equals("help")) continue;
            CommandLine one = Main.commandLine(entry.getKey());
            assertThat(one.getSubcommands().keySet()).containsExactly(entry.getKey());
            Object command = one.getSubcommands().get(entry.getKey()).getCommand();
            assertThat(command.getClass().getAnnotation(Command.class).name()).isEqualTo(entry.getKey());
        }
        assertThat(Main.commandLine().getSubcommands().keySet()).containsExactlyElementsOf(Main.SUBCOMMANDS.keySet());
        assertThat(Main.commandLine("--help").getSubcommands().keySet())
                .containsExactlyElementsOf(Main.SUBCOMMANDS.keySet());
        // regression: `irlab help run` said "Unknown subcommand 'run'" when only `help` was registered
        assertThat(Main.commandLine("help").getSubcommands().keySet())
                .containsExactlyElementsOf(Main.SUBCOMMANDS.keySet());
    }

    @org.junit.jupiter.api.Test
    void misspeltCommandIsBadInputNamingIt() {
        CommandLine cl = Main.commandLine("rnu");
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("rnu", "x.json")).isEqualTo(Main.BAD_INPUT);
        assertThat(err.toString()).contains("'rnu'").contains("--help");
    }
}
