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

    /** The verdict for {@code passed} passing runs out of {@code measured} runs that exist. */
    public static Verdict of(int passed, int measured) {
        if (measured == 0) return NOT_MEASURED;
        if (passed == measured) return REPRODUCED;
        return passed == 0 ? NOT_REPRODUCED : PARTIALLY;
    }
}
