package org.irlab.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a loader found questionable in its input and what it did: repeated (row, column) pairs and non-numeric
 * ratings, each as a count plus the first few line numbers (1-based, header included).
 */
public record InputReport(int duplicates, List<Integer> duplicateLines, DuplicatePolicy duplicatePolicy,
                          int invalid, List<Integer> invalidLines, InvalidPolicy invalidPolicy) {
    /** How many line numbers a report lists. */
    public static final int SHOWN = 5;

    public InputReport {
        duplicateLines = List.copyOf(duplicateLines);
        invalidLines = List.copyOf(invalidLines);
    }

    /** A report of clean input. */
    public static InputReport clean(DuplicatePolicy d, InvalidPolicy i) {
        return new InputReport(0, List.of(), d, 0, List.of(), i);
    }

    /** True when nothing was merged or skipped. */
    public boolean isClean() { return duplicates == 0 && invalid == 0; }

    /** One line per kind of problem, for the terminal ("" when clean). */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (duplicates > 0) {
            sb.append(duplicates).append(" repeated (row, column) pair").append(duplicates == 1 ? "" : "s")
                    .append(" (").append(at(duplicateLines, duplicates)).append(") ")
                    .append(switch (duplicatePolicy) {
                        case LAST -> "kept the last value";
                        case LATEST -> "kept the latest value";
                        case MEAN -> "averaged";
                        case ERROR -> "refused";
                    });
        }
        if (invalid > 0) {
            if (sb.length() > 0) sb.append("; ");
            sb.append(invalid).append(" non-numeric rating").append(invalid == 1 ? "" : "s").append(" (")
                    .append(at(invalidLines, invalid)).append(") ")
                    .append(invalidPolicy == InvalidPolicy.SKIP ? "skipped" : "refused");
        }
        return sb.toString();
    }

    /** JSON-friendly form. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("duplicates", duplicates);
        m.put("duplicateLines", duplicateLines);
        m.put("duplicatePolicy", duplicatePolicy.name().toLowerCase(java.util.Locale.ROOT));
        m.put("invalidRatings", invalid);
        m.put("invalidRatingLines", invalidLines);
        m.put("invalidPolicy", invalidPolicy.name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }

    /** "line 7" or "lines 3, 4, …": the shown line numbers of {@code total}, named in the singular or plural. */
    public static String at(List<Integer> shown, int total) {
        return (total == 1 ? "line " : "lines ") + lines(shown, total);
    }

    /** The shown line numbers, comma-separated, with ", …" when there are more. */
    public static String lines(List<Integer> shown, int total) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shown.size(); i++) sb.append(i == 0 ? "" : ", ").append(shown.get(i));
        if (total > shown.size()) sb.append(", …");
        return sb.toString();
    }
}
