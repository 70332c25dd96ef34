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
 * Reads a ratings table: a CSV file with a header naming a user column ({@code userId}, {@code user},
 * {@code user_id}), an item column ({@code itemId}, {@code movieId}, {@code item}, {@code item_id},
 * {@code movie_id}) and {@code rating}, in any order, plus any other columns (e.g. {@code timestamp}, ignored).
 * Identifiers are arbitrary strings, mapped to dense indices in order of first appearance. Fields may be quoted
 * ("a, b" with "" for a quote). Blank lines are skipped.
 *
 * <p>A row with the wrong number of fields, an unterminated quote or an empty identifier is an error naming its
 * line. Non-numeric ratings and repeated (user, item) pairs are collected and, by default, refused together with a
 * count and the first line numbers; {@link InvalidPolicy#SKIP} and {@link DuplicatePolicy#LAST}/{@code MEAN}
 * keep going and report what they did.
 */
public final class RatingsCsv {
    private static final List<String> USER = List.of("userid", "user", "user_id");
    private static final List<String> ITEM = List.of("itemid", "movieid", "item", "item_id", "movie_id");
    private static final List<String> RATING = List.of("rating");

    private RatingsCsv() {}

    /** Reads a file (UTF-8). */
    public static RatingsData read(Path file, DuplicatePolicy duplicates, InvalidPolicy invalid) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.getFileName().toString(), duplicates, invalid);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw BadInputException.notUtf8(file);
        }
    }

    /** Reads from a reader; {@code source} names the input in messages. */
    public static RatingsData read(Reader input, String source, DuplicatePolicy duplicates, InvalidPolicy invalid)
            throws IOException {
        BufferedReader reader = input instanceof BufferedReader b ? b : new BufferedReader(input);
        String header = reader.readLine();
        int lineNumber = 1;
        while (header != null && header.isBlank()) {
            header = reader.readLine();
            lineNumber++;
        }
        if (header == null) throw new BadInputException(source + ": empty file (expected a header line)");
        if (header.startsWith("\uFEFF")) header = header.substring(1);
        List<String> names = split(header, source, lineNumber);
        int userColumn = find(names, USER), itemColumn = find(names, ITEM), ratingColumn = find(names, RATING);
        if (userColumn < 0 || itemColumn < 0 || ratingColumn < 0) {
            throw new BadInputException(source + ": line " + lineNumber + ": the header must name a user column"
                    + " (userId), an item column (itemId or movieId) and a rating column; found " + names);
        }
        int fields = names.size();
        Map<String, Integer> users = new HashMap<>(), items = new HashMap<>();
        List<String> userIds = new ArrayList<>(), itemIds = new ArrayList<>();
        CoordinateBuilder builder = new CoordinateBuilder();
        int invalidCount = 0;
        List<Integer> invalidLines = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) continue;
            List<String> row = split(line, source, lineNumber);
            if (row.size() != fields) {
                throw new BadInputException(source + ": line " + lineNumber + ": expected " + fields + " fields ("
                        + String.join(",", names) + "), found " + row.size() + ": " + abbreviate(line));
            }
            String user = row.get(userColumn).strip(), item = row.get(itemColumn).strip();
            if (user.isEmpty() || item.isEmpty()) {
                throw new BadInputException(source + ": line " + lineNumber + ": empty "
                        + (user.isEmpty() ? names.get(userColumn) : names.get(itemColumn)));
            }
            double rating = parseRating(row.get(ratingColumn));
            if (!Double.isFinite(rating)) {
                invalidCount++;
                if (invalidLines.size() < InputReport.SHOWN) invalidLines.add(lineNumber);
                continue;
            }
            CoordinateBuilder.checkMagnitude(source, lineNumber, rating);
            int u = users.computeIfAbsent(user, k -> { userIds.add(k); return userIds.size() - 1; });
            int i = items.computeIfAbsent(item, k -> { itemIds.add(k); return itemIds.size() - 1; });
            builder.add(u, i, rating, lineNumber);
        }
        CoordinateBuilder.Built built = builder.build(userIds.size(), itemIds.size(), duplicates);
        InputReport report = new InputReport(built.duplicates(), built.duplicateLines(), duplicates, invalidCount,
                invalidLines, invalid);
        refuseIfNeeded(source, report, "--invalid-ratings skip");
        if (built.ratings().size() == 0) throw new BadInputException(source + ": no ratings");
        return new RatingsData(built.ratings(), userIds.toArray(String[]::new), itemIds.toArray(String[]::new), report);
    }

    /** Throws when the report contains something its policies refuse; the message names lines and the way out. */
    static void refuseIfNeeded(String source, InputReport report, String skipOption) {
        List<String> problems = new ArrayList<>();
        if (report.duplicates() > 0 && report.duplicatePolicy() == DuplicatePolicy.ERROR) {
            problems.add(report.duplicates() + " repeated (row, column) pair" + (report.duplicates() == 1 ? "" : "s")
                    + " at lines " + InputReport.lines(report.duplicateLines(), report.duplicates())
                    + " (use --duplicates last or --duplicates mean to keep them)");
        }
        if (report.invalid() > 0 && report.invalidPolicy() == InvalidPolicy.ERROR) {
            problems.add(report.invalid() + " non-numeric rating" + (report.invalid() == 1 ? "" : "s")
                    + " at lines " + InputReport.lines(report.invalidLines(), report.invalid())
                    + " (use " + skipOption + " to leave them out)");
        }
        if (!problems.isEmpty()) throw new BadInputException(source + ": " + String.join("; ", problems));
    }

    private static double parseRating(String field) {
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

    /** Splits one CSV line; quoted fields may contain commas and doubled quotes. */
    static List<String> split(String line, String source, int lineNumber) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false, wasQuoted = false;
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
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
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
