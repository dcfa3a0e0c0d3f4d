package dev.spectral.internal.weights;

import dev.spectral.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader (RFC 8259) for the two small documents the weight readers meet: the safetensors header
 * and {@code model.safetensors.index.json}. Numbers keep their text so that 64-bit offsets stay exact. Nesting is
 * limited to {@value #MAX_DEPTH} levels.
 */
public final class Json {
    static final int MAX_DEPTH = 64;

    /** A parsed JSON value. */
    public sealed interface Value permits Obj, Arr, Str, Num, Bool, Null {}

    /** An object; members keep their order. */
    public record Obj(Map<String, Value> members) implements Value {
        public Value get(String key) {
            return members.get(key);
        }
    }

    public record Arr(List<Value> items) implements Value {}

    public record Str(String value) implements Value {}

    /** A number as written. */
    public record Num(String text) implements Value {
        /** The value as an exact non-negative or negative long; throws if it has a fraction or exponent. */
        public long asLong(String what) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new InvalidInputException(what + " is not an integer: " + text);
            }
        }
    }

    public record Bool(boolean value) implements Value {}

    public record Null() implements Value {}

    private final String text;
    private final String source;
    private int pos;

    private Json(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** Parses a complete document; {@code source} names it in error messages. */
    public static Value parse(String text, String source) {
        Json p = new Json(text, source);
        p.skipSpace();
        Value v = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the JSON value");
        }
        return v;
    }

    private Value value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= text.length()) {
            throw error("unexpected end of JSON");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> new Str(string());
            case 't' -> literal("true", new Bool(true));
            case 'f' -> literal("false", new Bool(false));
            case 'n' -> literal("null", new Null());
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Obj object(int depth) {
        pos++;
        Map<String, Value> members = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return new Obj(members);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            Value v = value(depth + 1);
            if (members.put(key, v) != null) {
                throw error("duplicate member \"" + key + "\"");
            }
            skipSpace();
            char c = next();
            if (c == '}') {
                return new Obj(members);
            }
            if (c != ',') {
                throw error("expected ',' or '}' in an object");
            }
        }
    }

    private Arr array(int depth) {
        pos++;
        List<Value> items = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return new Arr(items);
        }
        while (true) {
            skipSpace();
            items.add(value(depth + 1));
            skipSpace();
            char c = next();
            if (c == ']') {
                return new Arr(items);
            }
            if (c != ',') {
                throw error("expected ',' or ']' in an array");
            }
        }
    }

    private String string() {
        pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("truncated \\u escape");
                    }
                    try {
                        b.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape \\" + e);
            }
        }
    }

    private Num number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("bad number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("bad number");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("bad number");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        return new Num(text.substring(start, pos));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Value literal(String word, Value v) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected text");
        }
        pos += word.length();
        return v;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next() {
        if (pos >= text.length()) {
            throw error("unexpected end of JSON");
        }
        return text.charAt(pos++);
    }

    private void expect(char c) {
        if (next() != c) {
            throw error("expected '" + c + "'");
        }
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private InvalidInputException error(String what) {
        return new InvalidInputException(source + ": malformed JSON at character " + pos + ": " + what);
    }
}
