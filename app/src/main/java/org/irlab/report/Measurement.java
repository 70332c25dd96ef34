package org.irlab.report;

/**
 * A value measured on one run: a number (NaN when undefined) or a text such as a status.
 *
 * @param number the numeric value, NaN for a text or an undefined value
 * @param text   the textual value, or null for a number
 * @param why    why the value is undefined (null when defined)
 */
public record Measurement(double number, String text, String why) {
    public static Measurement of(double number) {
        return Double.isFinite(number) ? new Measurement(number, null, null)
                : new Measurement(Double.NaN, null, Double.isNaN(number) ? "undefined" : "not finite");
    }

    public static Measurement text(String text) { return new Measurement(Double.NaN, text, null); }

    public static Measurement undefined(String why) { return new Measurement(Double.NaN, null, why); }

    public boolean isText() { return text != null; }

    public boolean isNumber() { return text == null && Double.isFinite(number); }

    @Override public String toString() {
        if (text != null) return text;
        return isNumber() ? Format.number(number) : "n/a (" + why + ")";
    }
}
