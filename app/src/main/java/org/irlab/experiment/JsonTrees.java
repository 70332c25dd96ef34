package org.irlab.experiment;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text to trees and back on Jackson's streaming layer alone: the trees and the text {@link Json#MAPPER} would
 * make (the same node classes, the same pretty printer), without building an {@code ObjectMapper}, whose start-up
 * is most of a short run's JSON cost (bench/RESULTS.md). {@link Json}'s read, parse and write are these; a run
 * calls them here so that it never initialises the mapper.
 */
public final class JsonTrees {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {}

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
     * and for a repeated key its dotted path. A key twice in one object and anything after the value are errors.
     */
    public static JsonNode parse(String text, String origin) {
        if (text.startsWith("\uFEFF")) text = text.substring(1); // a byte-order mark some editors write
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) throw new SpecException(origin + ": empty, expected JSON");
            JsonNode node = value(parser);
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

    /** The one JSON value that is the whole text, or null when the text is empty or not exactly one JSON value. */
    public static JsonNode valueOrNull(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) return null;
            JsonNode node = value(parser);
            return parser.nextToken() == null ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The tree as indented JSON text with a final newline. */
    public static String write(JsonNode node) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            write(g, node);
        } catch (UnsupportedOperationException e) {
            return Json.mapperText(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text + "\n";
    }

    /** Puts a number, or null when it is NaN or infinite (JSON has no NaN). */
    public static void put(ObjectNode o, String key, double value) {
        if (Double.isFinite(value)) o.put(key, value); else o.putNull(key);
    }

    /** The value that starts at the parser's current token (as Jackson's tree deserializer builds it). */
    private static JsonNode value(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    o.set(key, value(p));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) a.add(value(p));
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IllegalStateException("unexpected JSON token " + p.currentToken());
        }
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) write(g, element);
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL, MISSING -> g.writeNull();
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case DOUBLE -> g.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
                }
            }
            default -> throw new UnsupportedOperationException("binary and POJO nodes are the mapper's to write");
        }
    }

    static String describe(JsonProcessingException e) {
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
