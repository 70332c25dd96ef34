package org.irlab.data;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A value read from R's serialization format: the vector types, lists, pairlists and symbols, each with its
 * attributes (names, class, levels, row.names, dim …). Environments, closures and language objects are kept only
 * as opaque {@link Other} values. Arrays are shared, not copied.
 */
public sealed interface RObject {
    /** R's NA_integer_ (also NA for logicals). */
    int NA_INTEGER = Integer.MIN_VALUE;

    /** The attributes, in the order R wrote them (empty map when none). */
    Map<String, RObject> attributes();

    /** One attribute, or null. */
    default RObject attribute(String name) { return attributes().get(name); }

    /** The class attribute's strings (empty when there is none). */
    default List<String> classes() {
        return attribute("class") instanceof Strings s ? Arrays.asList(s.values()) : List.of();
    }

    /** The names attribute's strings, or null. */
    default String[] names() {
        return attribute("names") instanceof Strings s ? s.values() : null;
    }

    /** NULL. */
    record Null() implements RObject {
        @Override public Map<String, RObject> attributes() { return Map.of(); }
    }

    /** A logical vector: 0, 1 or {@link #NA_INTEGER}. */
    record Logicals(int[] values, Map<String, RObject> attributes) implements RObject {}

    /** An integer vector (factors are integer vectors with class "factor" and a levels attribute). */
    record Integers(int[] values, Map<String, RObject> attributes) implements RObject {
        public boolean isFactor() { return classes().contains("factor"); }

        /** The levels of a factor (its 1-based codes index them). */
        public String[] levels() {
            return attribute("levels") instanceof Strings s ? s.values() : null;
        }
    }

    /** A double vector (R's NA_real_ is a NaN). */
    record Doubles(double[] values, Map<String, RObject> attributes) implements RObject {}

    /** A complex vector as (re, im) pairs. */
    record Complexes(double[] values, Map<String, RObject> attributes) implements RObject {}

    /** A character vector; NA_character_ is null. */
    record Strings(String[] values, Map<String, RObject> attributes) implements RObject {}

    /** Raw bytes. */
    record Raw(byte[] values, Map<String, RObject> attributes) implements RObject {}

    /** A generic vector (list, data.frame) or expression vector. */
    record ListOf(List<RObject> values, Map<String, RObject> attributes) implements RObject {
        public boolean isDataFrame() { return classes().contains("data.frame"); }

        /** The element with this name, or null. */
        public RObject get(String name) {
            String[] names = names();
            if (names == null) return null;
            for (int i = 0; i < names.length; i++) if (name.equals(names[i])) return values.get(i);
            return null;
        }
    }

    /** A pairlist: tags (null when untagged) and values. */
    record PairList(List<String> tags, List<RObject> values, Map<String, RObject> attributes) implements RObject {
        /** The value tagged {@code tag}, or null. */
        public RObject get(String tag) {
            for (int i = 0; i < tags.size(); i++) if (tag.equals(tags.get(i))) return values.get(i);
            return null;
        }
    }

    /** A symbol (name). */
    record Symbol(String name) implements RObject {
        @Override public Map<String, RObject> attributes() { return Map.of(); }
    }

    /** Anything else (environment, closure, language object, external pointer …), by its SEXP type number. */
    record Other(int type, String description, Map<String, RObject> attributes) implements RObject {}
}
