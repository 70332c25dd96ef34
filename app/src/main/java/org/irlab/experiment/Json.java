package org.irlab.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * The one JSON mapper and its helpers (non-finite numbers are written as null: JSON has no NaN). Reading is strict:
 * a key twice in one object and anything after the top-level value are errors, not "the last one wins". Reading and
 * writing trees go through {@link JsonTrees} (the same trees and text, without the mapper's start-up).
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Json() {}

    /** Puts a number, or null when it is NaN or infinite. */
    public static void put(ObjectNode o, String key, double value) {
        JsonTrees.put(o, key, value);
    }

    /** Indented JSON text with a final newline ({@link JsonTrees#write}). */
    public static String write(JsonNode node) {
        return JsonTrees.write(node);
    }

    /** The mapper's own text of a tree with binary or POJO nodes, which {@link JsonTrees} leaves to it. */
    static String mapperText(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a JSON file; a missing or malformed file is a {@link SpecException} naming it ({@link JsonTrees#read}). */
    public static JsonNode read(Path file) {
        return JsonTrees.read(file);
    }

    /**
     * Parses JSON text; {@code origin} (a file name) starts every error message, which names the line and column,
     * and for a repeated key its dotted path ({@link JsonTrees#parse}).
     */
    public static JsonNode parse(String text, String origin) {
        return JsonTrees.parse(text, origin);
    }
}
