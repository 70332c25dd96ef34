package org.irlab.report;

/** Whether a claim of the paper held in our runs: by the share of runs (seeds) whose measurement passes its rule. */
public enum Verdict {
    /** Every run passes. */
    REPRODUCED("reproduced"),
    /** Some runs pass, some do not. */
    PARTIALLY("partially"),
    /** No run passes. */
    NOT_REPRODUCED("not reproduced"),
    /** There was no run to measure (not run, or every run missing). */
    NOT_MEASURED("not measured");

    private final String label;

    Verdict(String label) { this.label = label; }

    public String label() { return label; }

    /** The verdict for {@code passed} passing runs out of {@code measured} runs, for a claim about every run. */
    public static Verdict of(int passed, int measured) {
        return of(passed, measured, Quantifier.EVERY);
    }

    /**
     * The verdict for {@code passed} passing runs out of {@code measured}: a claim about every run is reproduced when
     * all pass and partially when some do; a claim that something happens on some runs (e.g. "η = 0.1 oscillates on
     * some seeds") is reproduced as soon as one run passes.
     */
    public static Verdict of(int passed, int measured, Quantifier quantifier) {
        if (measured == 0) return NOT_MEASURED;
        if (passed == 0) return NOT_REPRODUCED;
        if (quantifier == Quantifier.SOME) return REPRODUCED;
        return passed == measured ? REPRODUCED : PARTIALLY;
    }

    /** Whether a claim speaks of every run of its group or of some of them. */
    public enum Quantifier { EVERY, SOME }
}
