package org.irlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a ratings file is laid out: the field separator, whether its first line is a header, and the role of each
 * field (user, item, rating, time, or skipped). {@link #guess} knows MovieLens' {@code ratings.dat} ({@code ::}, no
 * header), ML-100k's {@code u.data} (tab, no header) and {@code .tsv}; everything else is CSV.
 *
 * @param separator the text between fields ({@code ,}, a tab, {@code ::}, …)
 * @param header    whether the first non-blank line names the columns
 * @param columns   the role of each field by position, or null: from the header's names, or (without a header)
 *                  user, item, rating and, when present, time
 */
public record RatingsLayout(String separator, Header header, List<Column> columns) {
    /** Whether the first line is a header. */
    public enum Header {
        /** A header when some field of the first line is not a number (ids like "u1" need {@code --no-header}). */
        AUTO,
        PRESENT,
        ABSENT
    }

    /** What a field holds. */
    public enum Column {
        USER, ITEM, RATING, TIME,
        /** Ignored ({@code -} on the command line). */
        SKIP;

        /** "user", "item", "rating", "time" or "-". */
        public String label() { return this == SKIP ? "-" : name().toLowerCase(Locale.ROOT); }
    }

    public RatingsLayout {
        if (separator == null || separator.isEmpty()) throw new BadInputException("--sep must not be empty");
        if (separator.indexOf('"') >= 0 || separator.indexOf('\n') >= 0 || separator.indexOf('\r') >= 0) {
            throw new BadInputException("--sep must not contain a quote or a line break, got '" + separator + "'");
        }
        if (columns != null) {
            columns = List.copyOf(columns);
            for (Column c : List.of(Column.USER, Column.ITEM, Column.RATING, Column.TIME)) {
                long n = columns.stream().filter(c::equals).count();
                if (n > 1) throw new BadInputException("--columns names " + c.label() + " " + n + " times");
                if (n == 0 && c != Column.TIME && c != Column.RATING) {
                    throw new BadInputException("--columns must name a user and an item column, got " + text(columns));
                }
            }
        }
    }

    /** Comma-separated with a header detected from the first line: the CSV reader of before. */
    public static final RatingsLayout CSV = new RatingsLayout(",", Header.AUTO, null);

    /** The positional roles of a headerless file: user, item, rating, time (a fourth field is the time). */
    static final List<Column> POSITIONAL = List.of(Column.USER, Column.ITEM, Column.RATING, Column.TIME);

    /**
     * The layout a file name stands for: {@code *.dat} is MovieLens 1M/10M ({@code user::item::rating::time}, no
     * header), {@code u.data}/{@code *.data} ML-100k (tab, no header), {@code *.tsv} tab-separated, anything else CSV.
     */
    public static RatingsLayout guess(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".dat")) return new RatingsLayout("::", Header.ABSENT, POSITIONAL);
        if (name.endsWith(".data")) return new RatingsLayout("\t", Header.ABSENT, POSITIONAL);
        if (name.endsWith(".tsv")) return new RatingsLayout("\t", Header.AUTO, null);
        return CSV;
    }

    /** True for the file names {@link #guess} gives a layout of its own (read as ratings without --format). */
    public static boolean recognises(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".dat") || name.endsWith(".data") || name.endsWith(".tsv");
    }

    public RatingsLayout withSeparator(String s) { return new RatingsLayout(s, header, columns); }

    public RatingsLayout withHeader(Header h) { return new RatingsLayout(separator, h, columns); }

    public RatingsLayout withColumns(List<Column> c) { return new RatingsLayout(separator, header, c); }

    /**
     * The separator as typed on the command line: {@code tab} or {@code \t} for a tab, {@code space}, {@code comma},
     * {@code semicolon}, {@code pipe}, or the literal text (e.g. {@code ::}).
     */
    public static String separator(String typed) {
        return switch (typed) {
            case "tab", "\\t", "TAB" -> "\t";
            case "space" -> " ";
            case "comma" -> ",";
            case "semicolon" -> ";";
            case "pipe" -> "|";
            default -> typed;
        };
    }

    /** The roles of {@code --columns user,item,rating[,time]} ({@code -} skips a field). */
    public static List<Column> columns(String typed) {
        List<Column> out = new ArrayList<>();
        for (String part : typed.split(",", -1)) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            Column c = switch (p) {
                case "user", "userid", "user_id" -> Column.USER;
                case "item", "itemid", "item_id", "movie", "movieid", "movie_id" -> Column.ITEM;
                case "rating", "value" -> Column.RATING;
                case "time", "timestamp" -> Column.TIME;
                case "-", "_", "skip" -> Column.SKIP;
                default -> throw new BadInputException("--columns: unknown column '" + part.strip()
                        + "' (expected user, item, rating, time, or - to skip a field)");
            };
            out.add(c);
        }
        return out;
    }

    /** "user,item,rating,time" (the roles as typed). */
    public static String text(List<Column> columns) {
        List<String> parts = new ArrayList<>();
        for (Column c : columns) parts.add(c.label());
        return String.join(",", parts);
    }

    /** The separator in words for messages ("','", "a tab", "'::'"). */
    public String describeSeparator() {
        return separator.equals("\t") ? "a tab" : "'" + separator + "'";
    }
}
