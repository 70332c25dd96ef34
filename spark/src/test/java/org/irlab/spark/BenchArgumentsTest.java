package org.irlab.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The bench mains' arguments: defaults, overrides, and refusals that name the argument. */
class BenchArgumentsTest {
    private static BenchArguments parse(String... args) {
        return BenchArguments.parse(args, "--users", "100000", "--master", "local[2]", "--local", "true");
    }

    @Test void givenValuesOverrideTheDefaults() {
        BenchArguments a = parse("--users", "7", "--local", "false");
        assertThat(a.integer("--users")).isEqualTo(7);
        assertThat(a.text("--master")).isEqualTo("local[2]");
        assertThat(a.flag("--local")).isFalse();
        assertThat(parse().integer("--users")).isEqualTo(100000);
        assertThat(parse().flag("--local")).isTrue();
    }

    @Test void refusesWhatItDoesNotKnow() {
        assertThatThrownBy(() -> parse("--user", "7")).hasMessageStartingWith("unknown argument --user (known: --users");
        assertThatThrownBy(() -> parse("--users")).hasMessage("--users needs a value");
        assertThatThrownBy(() -> parse("--users", "seven").integer("--users"))
                .hasMessage("--users takes an integer, not seven");
        assertThatThrownBy(() -> parse().text("--items")).isInstanceOf(IllegalStateException.class);
    }
}
