package org.irlab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a ratings table laid out as a {@link RatingsLayout} says: by default a CSV file whose header names a user
 * column ({@code userId}, {@code user}, {@code user_id}), an item column ({@code itemId}, {@code movieId},
 * {@code item}, {@code item_id}, {@code movie_id}), {@code rating} and optionally a time column ({@code timestamp},
 * {@code time}, {@code date}), in any order, plus any other columns (ignored); a first line of numbers only is data
 * (user, item, rating[, time]); other separators, positional columns and headerless files through the layout
 * (MovieLens {@code ratings.dat} and {@code u.data} are recognised by name). Identifiers are arbitrary strings,
 * mapped to dense indices in order of first appearance. Fields may be quoted ("a, b" with "" for a quote). Blank
 * lines are skipped. Times are numbers (e.g. Unix seconds) or ISO-8601 dates ({@code 2015-03-01},
 * {@code 2015-03-01T12:00:00Z}), kept as seconds.
 *
 * <p>A row with the wrong number of fields, an unterminated quote, an empty identifier or a bad time is an error
 * naming its line. Non-numeric ratings and repeated (user, item) pairs are collected and, by default, refused together
 * with a count and the first line numbers; {@link InvalidPolicy#SKIP} and {@link DuplicatePolicy#LAST}/{@code MEAN}/
 * {@code LATEST} keep going and report what they did.
 */
public final class RatingsCsv {
    private static final List<String> USER = List.of("userid", "user", "user_id");
    private static final List<String> ITEM = List.of("itemid", "movieid", "item", "item_id", "movie_id");
    private static final List<String> RATING = List.of("rating");
    private static final List<String> TIME = List.of("timestamp", "time", "date", "datetime");

    private RatingsCsv() {}

    /** Reads a file (UTF-8) laid out as its name suggests ({@link RatingsLayout#guess}). */
    public static RatingsData read(Path file, DuplicatePolicy duplicates, InvalidPolicy invalid) throws IOException {
        return read(file, RatingsLayout.guess(file.getFileName().toString()), duplicates, invalid);
    }

    /** Reads a file (UTF-8) with the given layout. */
    public static RatingsData read(Path file, RatingsLayout layout, DuplicatePolicy duplicates, InvalidPolicy invalid)
            throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.getFileName().toString(), layout, duplicates, invalid);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw BadInputException.notUtf8(file);
        }
    }

    /** Reads CSV from a reader; {@code source} names the input in messages. */
    public static RatingsData read(Reader input, String source, DuplicatePolicy duplicates, InvalidPolicy invalid)
            throws IOException {
        return read(input, source, RatingsLayout.CSV, duplicates, invalid);
    }

    /** Reads from a reader with the given layout; {@code source} names the input in messages. */
    public static RatingsData read(Reader input, String source, RatingsLayout layout, DuplicatePolicy duplicates,
                                   InvalidPolicy invalid) throws IOException {
        Map<String, Integer> users = new HashMap<>(), items = new HashMap<>();
        List<String> userIds = new ArrayList<>(), itemIds = new ArrayList<>();
        CoordinateBuilder builder = new CoordinateBuilder();
        int[] invalidCount = {0};
        List<Integer> invalidLines = new ArrayList<>();
        Fields fields = scan(input, source, layout, true, (line, user, item, ratingField, time) -> {
            double rating = parseRating(ratingField);
            if (!Double.isFinite(rating)) {
                invalidCount[0]++;
                if (invalidLines.size() < InputReport.SHOWN) invalidLines.add(line);
                return;
            }
            CoordinateBuilder.checkMagnitude(source, line, rating);
            int u = users.computeIfAbsent(user, k -> { userIds.add(k); return userIds.size() - 1; });
            int i = items.computeIfAbsent(item, k -> { itemIds.add(k); return itemIds.size() - 1; });
            if (Double.isNaN(time)) builder.add(u, i, rating, line); else builder.add(u, i, rating, line, time);
        });
        if (duplicates == DuplicatePolicy.LATEST && !fields.hasTime()) {
            throw new BadInputException(source + ": --duplicates latest needs a time column, and the columns are "
                    + fields.describe() + " (name one timestamp in the header, or use --columns user,item,rating,time)");
        }
        CoordinateBuilder.Built built = builder.build(userIds.size(), itemIds.size(), duplicates);
        InputReport report = new InputReport(built.duplicates(), built.duplicateLines(), duplicates, invalidCount[0],
                invalidLines, invalid);
        refuseIfNeeded(source, report, "--invalid-ratings skip");
        if (built.ratings().size() == 0) throw new BadInputException(source + ": no ratings");
        return new RatingsData(built.ratings(), userIds.toArray(String[]::new), itemIds.toArray(String[]::new), report,
                built.times());
    }

    /** Receives one data row: its line number, user and item ids (stripped, non-empty), rating field, time or NaN. */
    @FunctionalInterface
    public interface Row {
        void accept(int line, String user, String item, String rating, double time);
    }

    /** The columns a scan found: the names (or roles) and which positions hold what. */
    public record Fields(List<String> names, int user, int item, int rating, int time)
            implements java.io.Serializable {
        public boolean hasRating() { return rating >= 0; }

        public boolean hasTime() { return time >= 0; }

        /** "userId,movieId,rating" (the names or roles). */
        public String describe() { return String.join(",", names); }
    }

    /**
     * Reads the rows of a ratings-like file (ratings, or the (user, item) pairs to predict) and hands each to
     * {@code sink}; returns the columns found.
     *
     * @param ratingRequired refuse a layout or header without a rating column
     * @throws BadInputException naming the line of a malformed row, or the header that lacks a needed column
     */
    public static Fields scan(Reader input, String source, RatingsLayout layout, boolean ratingRequired, Row sink)
            throws IOException {
        BufferedReader reader = input instanceof BufferedReader b ? b : new BufferedReader(input);
        String first = reader.readLine();
        int lineNumber = 1;
        while (first != null && first.isBlank()) {
            first = reader.readLine();
            lineNumber++;
        }
        Lines lines = Lines.of(first, lineNumber, source, layout, ratingRequired);
        String line = lines.header() ? null : lines.first();
        int number = lineNumber;
        while (true) {
            if (line == null) {
                line = reader.readLine();
                number++;
                if (line == null) break;
            }
            lines.parse(line, number, sink);
            line = null;
        }
        return lines.fields();
    }

    /**
     * How the lines of one ratings-like file are read, decided from its first non-blank line: the columns, how many
     * fields a row has, the separator, whether that first line is a header. Serializable, so a distributed reader
     * parses each line where it lies with the same rules (and the same messages) as {@link #scan}.
     *
     * @param first       the first non-blank line, byte-order mark removed
     * @param firstNumber its line number (1-based)
     */
    public record Lines(Fields fields, int count, String separator, String describeSeparator, boolean header,
                        String first, int firstNumber, String source) implements java.io.Serializable {
        /**
         * The rules for a file whose first non-blank line is {@code first} (null: the file is empty).
         *
         * @throws BadInputException for an empty file, or a header or layout that lacks a needed column
         */
        public static Lines of(String first, int lineNumber, String source, RatingsLayout layout,
                               boolean ratingRequired) {
            if (first == null) {
                throw new BadInputException(source + ": empty file (expected " + (layout.header()
                        == RatingsLayout.Header.ABSENT ? "ratings" : "a header line") + ")");
            }
            if (first.startsWith("\uFEFF")) first = first.substring(1);
            String separator = layout.separator();
            List<String> firstFields = split(first, separator, source, lineNumber);
            boolean header = switch (layout.header()) {
                case PRESENT -> true;
                case ABSENT -> false;
                case AUTO -> !allNumbers(firstFields);
            };
            if (!header && !allNumbers(firstFields)) {
                Fields names = named(firstFields);
                if (names.user() >= 0 && names.item() >= 0) {
                    throw new BadInputException(source + ": line " + lineNumber + " looks like a header ("
                            + abbreviate(String.join(", ", firstFields)) + "), but the layout reads it as data"
                            + " (--no-header, or a ratings.dat / u.data name): drop --no-header, or remove the line");
                }
            }
            Fields fields;
            int count;
            if (layout.columns() != null) {
                fields = roles(layout.columns());
                count = layout.columns().size();
            } else if (header) {
                fields = named(firstFields);
                count = firstFields.size();
                if (fields.user() < 0 || fields.item() < 0 || ratingRequired && fields.rating() < 0) {
                    String separatorHint = firstFields.size() == 1 ? "; is the separator not "
                            + layout.describeSeparator() + "? (--sep)" : "";
                    throw new BadInputException(source + ": line " + lineNumber + ": the header must name a user"
                            + " column (userId), an item column (itemId or movieId)" + (ratingRequired
                            ? " and a rating column" : "") + "; found " + firstFields + separatorHint + " (a file"
                            + " without a header: --no-header, with --columns user,item,rating[,time] when the fields"
                            + " come in another order)");
                }
            } else {
                count = firstFields.size();
                List<RatingsLayout.Column> roles = new ArrayList<>();
                for (int k = 0; k < count; k++) {
                    roles.add(k < RatingsLayout.POSITIONAL.size() ? RatingsLayout.POSITIONAL.get(k)
                            : RatingsLayout.Column.SKIP);
                }
                if (count < 2 || ratingRequired && count < 3) {
                    throw new BadInputException(source + ": line " + lineNumber + ": found " + count + " field"
                            + (count == 1 ? "" : "s") + " separated by " + layout.describeSeparator() + ", expected "
                            + (ratingRequired ? "user, item, rating[, time]" : "user, item") + " (is --sep right?)");
                }
                fields = roles(roles);
            }
            if (ratingRequired && !fields.hasRating()) {
                throw new BadInputException(source + ": --columns " + fields.describe() + " names no rating column");
            }
            return new Lines(fields, count, separator, layout.describeSeparator(), header, first, lineNumber, source);
        }

        /**
         * Reads line {@code number} and hands its row to {@code sink}: nothing for a blank line or the header (the
         * first line is taken as {@link #first}, without its byte-order mark).
         *
         * @throws BadInputException naming the line of a malformed row
         */
        public void parse(String line, int number, Row sink) {
            if (number == firstNumber) {
                if (header) return;
                line = first;
            }
            if (line.isBlank()) return;
            List<String> row = split(line, separator, source, number);
            if (row.size() != count) {
                throw new BadInputException(source + ": line " + number + ": expected " + count + " fields ("
                        + fields.describe() + "), found " + row.size() + ": " + abbreviate(line)
                        + (row.size() == 1 ? " (fields are separated by " + describeSeparator + "; see --sep)" : ""));
            }
            String user = row.get(fields.user()).strip(), item = row.get(fields.item()).strip();
            if (user.isEmpty() || item.isEmpty()) {
                throw new BadInputException(source + ": line " + number + ": empty "
                        + (user.isEmpty() ? fields.names().get(fields.user()) : fields.names().get(fields.item())));
            }
            double time = fields.hasTime() ? parseTime(row.get(fields.time()), source, number) : Double.NaN;
            sink.accept(number, user, item, fields.hasRating() ? row.get(fields.rating()) : null, time);
        }
    }

    private static Fields named(List<String> names) {
        return new Fields(List.copyOf(names), find(names, USER), find(names, ITEM), find(names, RATING),
                find(names, TIME));
    }

    private static Fields roles(List<RatingsLayout.Column> roles) {
        List<String> names = new ArrayList<>();
        for (RatingsLayout.Column c : roles) names.add(c.label());
        return new Fields(names, roles.indexOf(RatingsLayout.Column.USER), roles.indexOf(RatingsLayout.Column.ITEM),
                roles.indexOf(RatingsLayout.Column.RATING), roles.indexOf(RatingsLayout.Column.TIME));
    }

    private static boolean allNumbers(List<String> fields) {
        for (String f : fields) {
            try {
                Double.parseDouble(f.strip());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    /** A time: a number, or an ISO-8601 date or date-time (UTC when no offset is given), as seconds. */
    static double parseTime(String field, String source, int line) {
        String s = field.strip();
        try {
            double t = Double.parseDouble(s);
            if (Double.isFinite(t)) return t;
        } catch (NumberFormatException e) {
            // not a number: try a date below
        }
        try {
            if (s.length() == 10) return java.time.LocalDate.parse(s).toEpochDay() * 86400.0;
            java.time.temporal.TemporalAccessor t = java.time.format.DateTimeFormatter.ISO_DATE_TIME.parse(s);
            java.time.LocalDateTime local = java.time.LocalDateTime.from(t);
            java.time.ZoneOffset offset = t.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)
                    ? java.time.ZoneOffset.from(t) : java.time.ZoneOffset.UTC;
            return local.toEpochSecond(offset) + local.getNano() / 1e9;
        } catch (java.time.DateTimeException e) {
            throw new BadInputException(source + ": line " + line + ": time '" + abbreviate(s) + "' is neither a number"
                    + " nor an ISO-8601 date (2015-03-01 or 2015-03-01T12:00:00Z); to ignore the column, give the roles of"
                    + " the fields with - for it, e.g. --columns user,item,rating,-");
        }
    }

    /** Throws when the report contains something its policies refuse; the message names lines and the way out. */
    public static void refuseIfNeeded(String source, InputReport report, String skipOption) {
        List<String> problems = new ArrayList<>();
        if (report.duplicates() > 0 && report.duplicatePolicy() == DuplicatePolicy.ERROR) {
            problems.add(report.duplicates() + " repeated (row, column) pair" + (report.duplicates() == 1 ? "" : "s")
                    + " at " + InputReport.at(report.duplicateLines(), report.duplicates())
                    + " (use --duplicates last, --duplicates latest (by the time column) or --duplicates mean to keep"
                    + " one value)");
        }
        if (report.invalid() > 0 && report.invalidPolicy() == InvalidPolicy.ERROR) {
            problems.add(report.invalid() + " non-numeric rating" + (report.invalid() == 1 ? "" : "s")
                    + " at " + InputReport.at(report.invalidLines(), report.invalid())
                    + " (use " + skipOption + " to leave them out)");
        }
        if (!problems.isEmpty()) throw new BadInputException(source + ": " + String.join("; ", problems));
    }

    /** A rating field's value, NaN when it is empty or not a number (an invalid rating). */
    public static double parseRating(String field) {
        String s = field.strip();
        if (s.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static int find(List<String> names, List<String> accepted) {
        for (int i = 0; i < names.size(); i++) {
            if (accepted.contains(names.get(i).strip().toLowerCase(Locale.ROOT))) return i;
        }
        return -1;
    }

    /** Splits one CSV line (comma-separated). */
    static List<String> split(String line, String source, int lineNumber) {
        return split(line, ",", source, lineNumber);
    }

    /** Splits one line at {@code separator}; quoted fields may contain the separator and doubled quotes. */
    static List<String> split(String line, String separator, String source, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false, wasQuoted = false;
        char head = separator.charAt(0);
        for (int p = 0; p < line.length(); p++) {
            char ch = line.charAt(p);
            if (quoted) {
                if (ch == '"') {
                    if (p + 1 < line.length() && line.charAt(p + 1) == '"') {
                        field.append('"');
                        p++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == head && line.startsWith(separator, p)) {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
                p += separator.length() - 1;
            } else if (ch == '"' && field.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) throw new BadInputException(source + ": line " + lineNumber + ": unterminated quoted field");
        fields.add(field.toString());
        return fields;
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
