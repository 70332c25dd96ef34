package org.irlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.irlab.data.BadInputException;
import org.irlab.data.DuplicatePolicy;
import org.irlab.data.InvalidPolicy;
import org.irlab.data.RatingsLayout;
import picocli.CommandLine.Option;

/**
 * The options that say how a ratings file is laid out and what to do with repeated pairs and bad ratings, shared by
 * {@code complete} and its subcommands.
 */
final class RatingsOptions {
    @Option(names = "--duplicates", paramLabel = "error|last|latest|mean", description = "repeated (user, item) pairs:"
            + " refuse (default), keep the last line, the latest time stamp, or average")
    String duplicates = "error";

    @Option(names = "--invalid-ratings", paramLabel = "error|skip", description = "non-numeric ratings: refuse (default)"
            + " or leave out")
    String invalidRatings = "error";

    @Option(names = "--sep", paramLabel = "TEXT",
            description = "field separator: ',', ';', tab (or \\t), '::', … (default: from the name: ratings.dat '::',"
                    + " u.data and .tsv a tab, otherwise ',')")
    String separator;

    @Option(names = "--columns", paramLabel = "ROLES",
            description = "the role of each field by position: user,item,rating[,time]; - skips a field (default: from"
                    + " the header's names, or user,item,rating,time without one)")
    String columns;

    @Option(names = "--no-header", description = "the first line is data (default: detected; a line of numbers only is"
            + " data)")
    boolean noHeader;

    /** The options given, by name (for the messages of options that do not apply). */
    List<String> given() {
        List<String> out = new ArrayList<>();
        if (separator != null) out.add("--sep");
        if (columns != null) out.add("--columns");
        if (noHeader) out.add("--no-header");
        return out;
    }

    /** The repeated-pair policy (exit 2 naming the option when unknown). */
    DuplicatePolicy duplicatePolicy() { return choice(DuplicatePolicy.class, duplicates, "--duplicates"); }

    /** The bad-rating policy. */
    InvalidPolicy invalidPolicy() { return choice(InvalidPolicy.class, invalidRatings, "--invalid-ratings"); }

    static <E extends Enum<E>> E choice(Class<E> type, String value, String option) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String name = e.name().toLowerCase(Locale.ROOT).replace('_', '-');
            if (name.equals(value.strip().toLowerCase(Locale.ROOT))) return e;
            names.add(name);
        }
        throw new BadInputException(option + ": unknown value '" + value + "' (expected " + String.join(", ", names)
                + ")");
    }

    /** The layout for a file of this name: the one its name suggests, changed by the options. */
    RatingsLayout layout(String fileName) {
        RatingsLayout layout = RatingsLayout.guess(fileName);
        if (separator != null) layout = layout.withSeparator(RatingsLayout.separator(separator));
        if (noHeader) layout = layout.withHeader(RatingsLayout.Header.ABSENT);
        if (columns != null) layout = layout.withColumns(RatingsLayout.columns(columns));
        return layout;
    }

    /**
     * Puts the options into a comparison spec (its keys duplicates, invalidRatings, and for ratings tables separator,
     * header, columns), checked first.
     */
    void putInto(ObjectNode spec, String fileName, boolean table) {
        spec.put("duplicates", duplicates.toLowerCase(Locale.ROOT));
        spec.put("invalidRatings", invalidRatings.toLowerCase(Locale.ROOT));
        if (!table) return;
        layout(fileName); // refuses bad options with the option's name
        if (separator != null) spec.put("separator", RatingsLayout.separator(separator));
        if (noHeader) spec.put("header", false);
        if (columns != null) spec.put("columns", columns);
    }
}
