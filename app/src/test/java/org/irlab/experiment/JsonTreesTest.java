package org.irlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JsonTrees} makes the trees and the text {@link Json#MAPPER} makes, node class for node class, byte for byte. */
class JsonTreesTest {
    /** Every JSON file of the project (specs, experiments, sweeps, the golden outputs), from the module's parent. */
    static Stream<Path> projectFiles() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/out/")
                            && !p.toString().contains("/.git/") && !p.toString().contains("/node_modules/"))
                    .sorted().toList();
            assertThat(files).hasSizeGreaterThan(20);
            return files.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("projectFiles")
    void theProjectsJsonFilesGiveTheMappersTreesAndText(Path file) throws IOException {
        String text = Files.readString(file);
        JsonNode expected = Json.MAPPER.readTree(text);
        JsonNode tree = JsonTrees.parse(text, file.toString());
        assertThat(tree).isEqualTo(expected);
        assertThat(JsonTrees.write(tree)).isEqualTo(Json.MAPPER.writeValueAsString(expected) + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\": 1, \"b\": -2147483649, \"c\": 123456789012345678901234567890, \"d\": 1.5e-300, \"e\": 2E5}",
            "[1, 2.0, -0.0, 0.1, 1e400, 4.9e-324, \"\\u00e9\\n\\t\\\"\", true, false, null, [], {}, [[{}]]]",
            "\"text\"", "17", "-0", "2.5", "null", "{\"nested\": {\"deeper\": [1, {\"x\": [true]}]}, \"z\": \"Σ* ≤ 1\"}"})
    void everyKindOfValueGivesTheMappersTreeAndText(String text) throws IOException {
        JsonNode expected = Json.MAPPER.readTree(text);
        JsonNode tree = JsonTrees.parse(text, "t");
        assertThat(tree).isEqualTo(expected);
        assertThat(tree.getClass()).isEqualTo(expected.getClass());
        assertThat(JsonTrees.write(tree)).isEqualTo(Json.MAPPER.writeValueAsString(expected) + "\n");
        assertThat(JsonTrees.valueOrNull(text)).isEqualTo(expected);
    }

    @Test
    void treesBuiltInCodeAreWrittenAsTheMapperWritesThem() throws IOException {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("int", 3).put("long", 1L << 40).put("float", 0.1f).put("double", Math.PI)
                .put("big", new BigInteger("98765432109876543210")).put("decimal", new BigDecimal("1.10"))
                .put("short", (short) 7).put("text", "a\u0001b").put("flag", true).putNull("none");
        JsonTrees.put(o, "nan", Double.NaN);
        JsonTrees.put(o, "inf", Double.NEGATIVE_INFINITY);
        o.putArray("empty");
        o.putObject("object").putArray("list").add(1).add(2.5).addNull();
        o.putPOJO("pojo", List.of(1, 2));
        assertThat(JsonTrees.write(o)).isEqualTo(Json.MAPPER.writeValueAsString(o) + "\n");
        o.remove("pojo");
        assertThat(JsonTrees.write(o)).isEqualTo(Json.MAPPER.writeValueAsString(o) + "\n");
        assertThat(o.get("nan").isNull()).isTrue();
    }

    /** What --set reads as JSON: exactly one value; anything else (two values, a bare word, nothing) is not. */
    @Test
    void aValueIsOneWholeJsonValueOrNothing() {
        assertThat(JsonTrees.valueOrNull("0.05").doubleValue()).isEqualTo(0.05);
        assertThat(JsonTrees.valueOrNull("[1, 2]").size()).isEqualTo(2);
        for (String notOne : List.of("", "  ", "gd", "1 2", "{\"a\": 1, \"a\": 2}", "[1,", "NaN", "{} x")) {
            assertThat(JsonTrees.valueOrNull(notOne)).as(notOne).isNull();
        }
    }

    @Test
    void malformedTextIsASpecErrorNamingWhereAndWhat() {
        assertThatThrownBy(() -> JsonTrees.parse("{\"a\": {\"b\": 1, \"b\": 2}}", "s.json"))
                .isInstanceOf(SpecException.class).hasMessageContaining("s.json: not valid JSON: key 'a.b' appears twice");
        assertThatThrownBy(() -> JsonTrees.parse("{} {}", "s.json")).isInstanceOf(SpecException.class)
                .hasMessage("s.json: not valid JSON: text after the end of the JSON value at line 1, column 4");
        assertThatThrownBy(() -> JsonTrees.parse("   ", "s.json")).hasMessage("s.json: empty, expected JSON");
        assertThatThrownBy(() -> JsonTrees.parse("{\"a\": NaN}", "s.json")).hasMessageContaining("NaN and Infinity");
        assertThatThrownBy(() -> JsonTrees.parse("{\"a\": 1", "s.json")).hasMessageContaining("the text ends before");
        assertThatThrownBy(() -> JsonTrees.parse("// c\n{}", "s.json")).hasMessageContaining("JSON has no comments");
    }
}
