package dev.spectral.internal.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spectral.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesTheSafetensorsHeaderShape() {
        Json.Obj o = assertInstanceOf(Json.Obj.class, Json.parse("""
                { "__metadata__": {"format": "pt"},
                  "a.weight": {"dtype": "BF16", "shape": [4096, 11008], "data_offsets": [0, 90177536]},
                  "big": {"dtype":"F32","shape":[],"data_offsets":[9007199254740993,9007199254740997]},
                  "esc\\u00e9\\n\\"q\\"": {"x": [true, false, null, -1.5e-3, 0]} }
                """, "t"));
        assertEquals(List.of("__metadata__", "a.weight", "big", "esc\u00e9\n\"q\""), List.copyOf(o.members().keySet()));
        Json.Obj a = assertInstanceOf(Json.Obj.class, o.get("a.weight"));
        Json.Arr shape = assertInstanceOf(Json.Arr.class, a.get("shape"));
        assertEquals(11008L, ((Json.Num) shape.items().get(1)).asLong("shape"));
        // 2^53 + 1 stays exact: numbers keep their text.
        Json.Arr off = (Json.Arr) ((Json.Obj) o.get("big")).get("data_offsets");
        assertEquals(9007199254740993L, ((Json.Num) off.items().get(0)).asLong("offset"));
        Json.Arr x = (Json.Arr) ((Json.Obj) o.get("esc\u00e9\n\"q\"")).get("x");
        assertEquals(new Json.Bool(true), x.items().get(0));
        assertEquals(new Json.Null(), x.items().get(2));
        assertEquals("-1.5e-3", ((Json.Num) x.items().get(3)).text());
        assertThrows(InvalidInputException.class, () -> ((Json.Num) x.items().get(3)).asLong("x"));
    }

    @Test
    void rejectsMalformedDocumentsWithOneLine() {
        for (String bad : List.of("", "{", "{\"a\" 1}", "{\"a\":1,}", "[1 2]", "{\"a\":01}", "\"\\x\"", "{\"a\":1}x",
                "{\"a\":1,\"a\":2}", "[" .repeat(100) + "]".repeat(100), "tru", "{\"a\":\"\u0001\"}", "-", "1.")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Json.parse(bad, "doc"), bad);
            assertEquals(1, e.getMessage().lines().count());
        }
    }
}
