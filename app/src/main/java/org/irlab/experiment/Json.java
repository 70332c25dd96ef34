package org.irlab.experiment;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one JSON mapper and its helpers (non-finite numbers are written as null: JSON has no NaN). Reading is strict:
 * a key twice in one object and anything after the top-level value are errors, not "the last one wins".
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** Reads one value and stops, so that {@link #parse} can say where text after it begins. */
    private static final com.fasterxml.jackson.databind.ObjectReader ONE_VALUE =
            MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {}

    /** Puts a number, or null when it is NaN or infinite. */
    public static void put(ObjectNode o, String key, double value) {
        if (Double.isFinite(value)) o.put(key, value); else o.putNull(key);
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a JSON file; a missing or malformed file is a {@link SpecException} naming it. */
    public static JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SpecException("spec file not found: " + file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SpecException(file + ": not UTF-8 text, expected JSON");
        } catch (IOException e) {
            throw new SpecException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /**
     * Parses JSON text; {@code origin} (a file name) starts every error message, which names the line and column,
     * and for a repeated key its dotted path.
     */
    public static JsonNode parse(String text, String origin) {
        if (text.startsWith("\uFEFF")) text = text.substring(1); // a byte-order mark some editors write
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonNode node = ONE_VALUE.readTree(parser);
            if (node == null || node.isMissingNode()) throw new SpecException(origin + ": empty, expected JSON");
            JsonLocation at;
            try {
                if (parser.nextToken() == null) return node;
                at = parser.currentTokenLocation();
            } catch (JsonProcessingException e) {
                at = e.getLocation(); // not even a token, but still text after the value
            }
            throw new SpecException(origin + ": not valid JSON: text after the end of the JSON value at line "
                    + at.getLineNr() + ", column " + at.getColumnNr());
        } catch (JsonProcessingException e) {
            throw new SpecException(origin + ": not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw new SpecException(origin + ": " + e.getMessage());
        }
    }

    private static String describe(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        String message = e.getOriginalMessage();
        if (message.startsWith("Duplicate field")) {
            String path = e.getProcessor() instanceof JsonParser p ? dotted(p.getParsingContext()) : "";
            return "key '" + path + "' appears twice (a key may appear once per object)" + where;
        }
        if (message.startsWith("Unexpected end-of-input")) {
            return "the text ends before the JSON value does (a closing brace, bracket or quote is missing)" + where;
        }
        if (message.contains("maybe a (non-standard) comment?")) return "JSON has no comments" + where;
        if (message.startsWith("Non-standard token")) {
            return "NaN and Infinity are not JSON numbers (write a finite number)" + where;
        }
        int newline = message.indexOf('\n');
        return (newline > 0 ? message.substring(0, newline) : message) + where;
    }

    /** The dotted path of the key a parser is at ("problem.type"; array elements as [i]). */
    private static String dotted(JsonStreamContext context) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) parts.push("[" + c.getCurrentIndex() + "]");
            else if (c.getCurrentName() != null) parts.push(c.getCurrentName());
        }
        StringBuilder b = new StringBuilder();
        for (String part : parts) b.append(b.length() == 0 || part.startsWith("[") ? "" : ".").append(part);
        return b.toString();
    }
}
