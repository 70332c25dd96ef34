package org.irlab.report;

/** A small HTML text builder that escapes every text it is given. */
public final class Html {
    private final StringBuilder b = new StringBuilder(1 << 16);

    public static String escape(String s) {
        StringBuilder o = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> o.append("&amp;");
                case '<' -> o.append("&lt;");
                case '>' -> o.append("&gt;");
                case '"' -> o.append("&quot;");
                case '\'' -> o.append("&#39;");
                default -> o.append(c);
            }
        }
        return o.toString();
    }

    /** Appends markup verbatim (only for constant markup written by IRLab itself). */
    public Html raw(String markup) {
        b.append(markup);
        return this;
    }

    /** Appends escaped text. */
    public Html text(String text) {
        b.append(escape(text));
        return this;
    }

    /** Appends {@code <tag attrs>escaped text</tag>}. */
    public Html element(String tag, String attributes, String text) {
        b.append('<').append(tag);
        if (!attributes.isEmpty()) b.append(' ').append(attributes);
        b.append('>').append(escape(text)).append("</").append(tag).append('>');
        return this;
    }

    /** An escaped attribute assignment, e.g. {@code attr("href", path)}. */
    public static String attr(String name, String value) {
        return name + "=\"" + escape(value) + "\"";
    }

    @Override public String toString() { return b.toString(); }
}
