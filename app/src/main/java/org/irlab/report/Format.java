package org.irlab.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Number formatting for the report: three significant digits (five for {@link #precise}), scientific outside
 * [1e-3, 1e4).
 */
public final class Format {
    private Format() {}

    public static String number(double x) { return number(x, 3); }

    /** Five significant digits: enough to tell apart values whose difference is measured (0.87303 − 0.87218). */
    public static String precise(double x) { return number(x, 5); }

    private static String number(double x, int digits) {
        if (Double.isNaN(x)) return "NaN";
        if (Double.isInfinite(x)) return x > 0 ? "∞" : "−∞";
        if (x == 0) return "0";
        double a = Math.abs(x);
        if (a >= 1e-3 && a < 1e4) {
            return stripZeros(new BigDecimal(x).round(new MathContext(digits, RoundingMode.HALF_EVEN)).toPlainString());
        }
        String s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", x);
        int e = s.indexOf('e');
        String mantissa = stripZeros(s.substring(0, e));
        int exponent = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + exponent;
    }

    /**
     * A limit as written in an experiment definition: the shortest decimal that reads back as the same double, so
     * that 0.999999 is not shown as 1 (plain inside [1e-3, 1e4), else with an exponent).
     */
    public static String exact(double x) {
        if (!Double.isFinite(x) || x == 0) return number(x);
        BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        double a = Math.abs(x);
        if (a >= 1e-3 && a < 1e4) return d.toPlainString();
        String unscaled = d.unscaledValue().abs().toString();
        int exponent = unscaled.length() - 1 - d.scale();
        String mantissa = unscaled.length() == 1 ? unscaled : unscaled.charAt(0) + "." + unscaled.substring(1);
        return (x < 0 ? "-" : "") + mantissa + "e" + exponent;
    }

    private static String stripZeros(String s) {
        if (!s.contains(".")) return s;
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Seconds as "12.3 s" or "4 min 05 s". */
    public static String seconds(double s) {
        if (s < 60) return String.format(Locale.ROOT, "%.1f s", s);
        long total = Math.round(s);
        return String.format(Locale.ROOT, "%d min %02d s", total / 60, total % 60);
    }
}
