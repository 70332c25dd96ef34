package org.irlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.irlab.testing.Cli;
import org.junit.jupiter.api.Test;

class StatusLineTest {
    @Test void aTerminalLineIsRewrittenInPlaceThrottledAndWipedAtTheEnd() {
        StringWriter text = new StringWriter();
        try (StatusLine line = new StatusLine(new PrintWriter(text), true, 0)) {
            line.show("irlab: tuning on 9 entries...", true);
            line.show(StatusLine.fit("irlab", "α = 0.03, descent 1 of 3", 4, 0.87912), false); // within 0.25 s: dropped
            line.show(StatusLine.fit("irlab", "α = 0.03, descent 1 of 3", 5, 0.87901), true);
        }
        String shown = text.toString();
        assertThat(shown).startsWith("\rirlab: tuning on 9 entries...")
                .doesNotContain("step 4")
                .contains("\rirlab: α = 0.03, descent 1 of 3: step 5, validation RMSE 0.8790")
                .endsWith("\r");
        assertThat(shown.replace("\r", "").strip()).doesNotEndWith("..."); // the last update was written over
        assertThat(StatusLine.fit("als", "rank 5, λ = 0.1", 3, Double.NaN)).isEqualTo("als: rank 5, λ = 0.1: step 3");
    }

    @Test void notATerminalShowsNothing() {
        StringWriter text = new StringWriter();
        try (StatusLine line = new StatusLine(new PrintWriter(text), false, 0)) {
            line.show("anything", true);
        }
        assertThat(text.toString()).isEmpty();
        // the tests' stderr is not a terminal: a fit prints its result and no status line
        Cli.Result r = Cli.irlab("complete", "fit", "--help");
        assertThat(r.err()).doesNotContain("\r");
    }
}
