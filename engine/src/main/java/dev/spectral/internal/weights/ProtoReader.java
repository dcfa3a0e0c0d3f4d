package dev.spectral.internal.weights;

import dev.spectral.InvalidInputException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A cursor over protobuf wire-format bytes (varints, fixed 32/64-bit, length-delimited fields) in a memory segment,
 * with every length checked against the enclosing message. Just enough to walk ONNX's ModelProto without a protobuf
 * dependency; field meaning is left to the caller.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int START_GROUP = 3;
    static final int END_GROUP = 4;
    static final int FIXED32 = 5;

    private final MemorySegment bytes;
    private final String source;
    private long pos;
    private final long end;
    private int tag;

    ProtoReader(MemorySegment bytes, long start, long end, String source) {
        this.bytes = bytes;
        this.pos = start;
        this.end = end;
        this.source = source;
    }

    boolean hasNext() {
        return pos < end;
    }

    /** Reads the next tag; returns its field number. */
    int nextField() {
        long key = varint();
        int wire = (int) (key & 7);
        long field = key >>> 3;
        if (field < 1 || field > (1 << 29) - 1 || wire == 6 || wire == 7) {
            throw corrupt("invalid field tag " + key + " at byte " + pos);
        }
        tag = (int) key;
        return (int) field;
    }

    int wireType() {
        return tag & 7;
    }

    long position() {
        return pos;
    }

    long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw corrupt("truncated varint at byte " + pos);
            }
            byte b = bytes.get(ValueLayout.JAVA_BYTE, pos++);
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw corrupt("varint longer than 10 bytes at byte " + pos);
    }

    /** The bounds [start, end) of a length-delimited field's payload; the cursor moves past it. */
    long[] lengthDelimited() {
        requireWire(LENGTH_DELIMITED);
        long len = varint();
        if (len < 0 || len > end - pos) {
            throw corrupt("field of " + Long.toUnsignedString(len) + " bytes at byte " + pos + " runs past the end of "
                    + "its message (" + (end - pos) + " bytes left): the file is truncated or corrupt");
        }
        long[] span = {pos, pos + len};
        pos += len;
        return span;
    }

    String string() {
        long[] s = lengthDelimited();
        if (s[1] - s[0] > Integer.MAX_VALUE - 8) {
            throw corrupt("string field too long");
        }
        byte[] b = bytes.asSlice(s[0], s[1] - s[0]).toArray(ValueLayout.JAVA_BYTE);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    void requireWire(int wire) {
        if (wireType() != wire) {
            throw corrupt("field " + (tag >>> 3) + " has wire type " + wireType() + ", expected " + wire);
        }
    }

    /** Skips the current field's payload. */
    void skip() {
        switch (wireType()) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case FIXED32 -> advance(4);
            case LENGTH_DELIMITED -> lengthDelimited();
            case START_GROUP -> skipGroup(tag >>> 3);
            default -> throw corrupt("unexpected end-group tag at byte " + pos);
        }
    }

    private void skipGroup(int field) {
        while (true) {
            if (!hasNext()) {
                throw corrupt("unterminated group");
            }
            int f = nextField();
            if (wireType() == END_GROUP) {
                if (f != field) {
                    throw corrupt("mismatched end-group tag");
                }
                return;
            }
            skip();
        }
    }

    private void advance(long n) {
        if (n > end - pos) {
            throw corrupt("truncated fixed-width field at byte " + pos);
        }
        pos += n;
    }

    InvalidInputException corrupt(String what) {
        return new InvalidInputException(source + ": corrupt protobuf: " + what);
    }
}
