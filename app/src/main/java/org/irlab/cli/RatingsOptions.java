package org.irlab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.irlab.data.RatingsLayout;
import picocli.CommandLine.Option;

/** The options that say how a ratings file is laid out, shared by {@code complete} and its subcommands. */
final class RatingsOptions {
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

    /** The layout for a file of this name: the one its name suggests, changed by the options. */
    RatingsLayout layout(String fileName) {
        RatingsLayout layout = RatingsLayout.guess(fileName);
        if (separator != null) layout = layout.withSeparator(RatingsLayout.separator(separator));
        if (noHeader) layout = layout.withHeader(RatingsLayout.Header.ABSENT);
        if (columns != null) layout = layout.withColumns(RatingsLayout.columns(columns));
        return layout;
    }

    /** Puts the given options into a comparison spec (its keys separator, header, columns), checked first. */
    void putInto(ObjectNode spec, String fileName) {
        layout(fileName); // refuses bad options with the option's name
        if (separator != null) spec.put("separator", RatingsLayout.separator(separator));
        if (noHeader) spec.put("header", false);
        if (columns != null) spec.put("columns", columns);
    }
}
