package org.irlab.spark;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --key value} arguments of a bench main on Spark: every key declared with its default, others refused. */
final class BenchArguments {
    private final Map<String, String> values;

    private BenchArguments(Map<String, String> values) { this.values = values; }

    /**
     * {@code args} over {@code defaults} (key, default value, key, default value, …).
     *
     * @throws IllegalArgumentException for an undeclared key or a key without its value
     */
    static BenchArguments parse(String[] args, String... defaults) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int a = 0; a + 1 < defaults.length; a += 2) values.put(defaults[a], defaults[a + 1]);
        for (int a = 0; a < args.length; a += 2) {
            if (!values.containsKey(args[a])) {
                throw new IllegalArgumentException("unknown argument " + args[a] + " (known: "
                        + String.join(" ", values.keySet()) + ")");
            }
            if (a + 1 == args.length) throw new IllegalArgumentException(args[a] + " needs a value");
            values.put(args[a], args[a + 1]);
        }
        return new BenchArguments(values);
    }

    int integer(String key) {
        try {
            return Integer.parseInt(text(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " takes an integer, not " + text(key));
        }
    }

    boolean flag(String key) { return Boolean.parseBoolean(text(key)); }

    String text(String key) {
        String v = values.get(key);
        if (v == null) throw new IllegalStateException("undeclared argument " + key);
        return v;
    }
}
