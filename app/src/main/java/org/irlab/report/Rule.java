package org.irlab.report;

import org.irlab.experiment.SpecNode;

/**
 * The comparison that decides whether one run's measurement supports a claim. Spelled {@code {"atMost": x}},
 * {@code {"atLeast": x}}, {@code {"between": [lo, hi]}} (inclusive) or {@code {"equals": "text"}}. An undefined
 * measurement never passes.
 */
public sealed interface Rule {
    boolean test(Measurement m);

    /** The rule as a short formula, e.g. "≤ 1e-9". */
    String describe();

    /** Passes when the number is at most the limit. */
    record AtMost(double limit) implements Rule {
        @Override public boolean test(Measurement m) { return m.isNumber() && m.number() <= limit; }
        @Override public String describe() { return "≤ " + Format.exact(limit); }
    }

    /** Passes when the number is at least the limit. */
    record AtLeast(double limit) implements Rule {
        @Override public boolean test(Measurement m) { return m.isNumber() && m.number() >= limit; }
        @Override public String describe() { return "≥ " + Format.exact(limit); }
    }

    /** Passes when the number lies in [low, high]. */
    record Between(double low, double high) implements Rule {
        public Between {
            if (!(low <= high)) throw new IllegalArgumentException("between: low > high");
        }
        @Override public boolean test(Measurement m) {
            return m.isNumber() && m.number() >= low && m.number() <= high;
        }
        @Override public String describe() { return "in [" + Format.exact(low) + ", " + Format.exact(high) + "]"; }
    }

    /** Passes when the text (e.g. a status) equals the expected one. */
    record Equals(String expected) implements Rule {
        @Override public boolean test(Measurement m) { return m.isText() && m.text().equals(expected); }
        @Override public String describe() { return "= " + expected; }
    }

    /** Reads a rule object (exactly one key). */
    public static Rule read(SpecNode s) {
        Rule r;
        if (s.has("atMost")) r = new AtMost(s.number("atMost"));
        else if (s.has("atLeast")) r = new AtLeast(s.number("atLeast"));
        else if (s.has("between")) {
            double[] b = s.numbers("between");
            if (b.length != 2 || !(b[0] <= b[1])) throw s.invalid("between", "expected [low, high] with low ≤ high");
            r = new Between(b[0], b[1]);
        } else if (s.has("equals")) r = new Equals(s.string("equals"));
        else throw new org.irlab.experiment.SpecException(s.path() + ": expected one of atMost, atLeast, between, equals");
        s.finish();
        return r;
    }
}
