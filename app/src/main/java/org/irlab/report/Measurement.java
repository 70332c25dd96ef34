package org.irlab.report;

/**
 * A value measured on one run: a number (NaN when undefined) or a text such as a status.
 *
 * @param number the numeric value, NaN for a text or an undefined value
 * @param text   the textual value, or null for a number
 * @param why    why the value is undefined (null when defined)
 * @param detail how a number was obtained, for the reader (e.g. "27.46 − 27.01" for a difference), or null
 */
public record Measurement(double number, String text, String why, String detail) {
    public static Measurement of(double number) {
        return Double.isFinite(number) ? new Measurement(number, null, null, null)
                : new Measurement(Double.NaN, null, Double.isNaN(number) ? "undefined" : "not finite", null);
    }

    /** A number with the working that produced it. */
    public static Measurement of(double number, String detail) {
        Measurement m = of(number);
        return m.isNumber() ? new Measurement(number, null, null, detail) : m;
    }

    public static Measurement text(String text) { return new Measurement(Double.NaN, text, null, null); }

    public static Measurement undefined(String why) { return new Measurement(Double.NaN, null, why, null); }

    public boolean isText() { return text != null; }

    public boolean isNumber() { return text == null && Double.isFinite(number); }

    @Override public String toString() {
        if (text != null) return text;
        if (!isNumber()) return "n/a (" + why + ")";
        return Format.number(number) + (detail == null ? "" : " (" + detail + ")");
    }
}
