package org.irlab.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.irlab.experiment.SpecException;

/**
 * A {@code where} constraint of a sweep, {@code LEFT OP RIGHT} with OP one of {@code < <= > >= == !=} and each side a
 * dotted key of the run spec, a number or a quoted text (e.g. {@code problem.searchRank >= problem.rank}). A cell
 * whose spec fails a constraint is skipped and listed, not run.
 */
public record Constraint(String text, String where, Operand left, String op, Operand right) {
    private static final Pattern FORM = Pattern.compile("\\s*(.+?)\\s*(<=|>=|==|!=|<|>)\\s*(.+?)\\s*");
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*");

    /** One side: a key (looked up in the spec), a number or a text. */
    public record Operand(String key, Double number, String text) {
        JsonNode lookup(JsonNode spec) {
            JsonNode n = spec;
            for (String part : key.split("\\.")) {
                n = n == null ? null : n.get(part);
            }
            return n == null || n.isNull() || n.isMissingNode() ? null : n;
        }

        @Override public String toString() { return key != null ? key : number != null ? number.toString() : "'" + text + "'"; }
    }

    static Constraint parse(String text, String where) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new SpecException(where + ": '" + text + "' is not KEY OP VALUE (OP one of < <= > >= == !=)");
        }
        Operand left = operand(m.group(1), text, where), right = operand(m.group(3), text, where);
        if (left.key() == null && right.key() == null) throw new SpecException(where + ": '" + text + "' names no key");
        String op = m.group(2);
        if ((left.text() != null || right.text() != null) && !op.equals("==") && !op.equals("!=")) {
            throw new SpecException(where + ": texts compare with == or != only, in '" + text + "'");
        }
        return new Constraint(text, where, left, op, right);
    }

    private static Operand operand(String s, String text, String where) {
        if (s.length() >= 2 && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""))) {
            return new Operand(null, null, s.substring(1, s.length() - 1));
        }
        try {
            return new Operand(null, Double.parseDouble(s), null);
        } catch (NumberFormatException e) {
            if (!KEY.matcher(s).matches()) throw new SpecException(where + ": '" + s + "' in '" + text + "' is neither a dotted key, a number nor a quoted text");
            return new Operand(s, null, null);
        }
    }

    /**
     * Whether the spec satisfies the constraint.
     *
     * @throws SpecException when a key is not in the spec (naming it)
     */
    public boolean test(JsonNode spec) {
        Object a = value(left, spec), b = value(right, spec);
        if (a instanceof Double x && b instanceof Double y) {
            return switch (op) {
                case "<" -> x < y;
                case "<=" -> x <= y;
                case ">" -> x > y;
                case ">=" -> x >= y;
                case "==" -> x.doubleValue() == y.doubleValue();
                default -> x.doubleValue() != y.doubleValue();
            };
        }
        if (op.equals("==") || op.equals("!=")) return a.toString().equals(b.toString()) == op.equals("==");
        throw new SpecException(where + ": '" + text + "' compares a text with " + op);
    }

    private Object value(Operand o, JsonNode spec) {
        if (o.key() == null) return o.number() != null ? o.number() : o.text();
        JsonNode v = o.lookup(spec);
        if (v == null) throw new SpecException(where + ": '" + text + "': the run spec has no key " + o.key());
        return v.isNumber() ? (Object) v.asDouble() : v.isTextual() ? v.asText() : v.toString();
    }
}
