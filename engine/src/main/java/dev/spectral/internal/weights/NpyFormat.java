package dev.spectral.internal.weights;

import dev.spectral.InvalidInputException;
import dev.spectral.weights.DType;
import dev.spectral.weights.TensorInfo;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NumPy .npy header for weights: any number of dimensions and float16/32/64 in either byte order (the matrix
 * reader {@link dev.spectral.io.Npy} deliberately accepts only 1-D and 2-D float32/64). Other dtypes are listed as
 * unsupported with their descr string.
 */
final class NpyFormat {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** A parsed header: the tensor, its byte order and layout, and where its data starts (relative to the entry). */
    record Header(TensorInfo info, ByteOrder order, boolean fortranOrder, long dataOffset) {
        long dataBytes() {
            return info.elementCount() * Math.max(1, info.dtype().bytes());
        }
    }

    private NpyFormat() {}

    static boolean hasMagic(byte[] head) {
        return head.length >= 6 && Arrays.equals(Arrays.copyOf(head, 6), MAGIC);
    }

    /** Parses the header at {@code start} of a segment holding a .npy file or .npz entry of {@code size} bytes. */
    static Header parse(MemorySegment seg, long start, long size, String name, String source) {
        if (size < 10) {
            throw new InvalidInputException(source + ": not a .npy array (too short for a header)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (seg.get(ValueLayout.JAVA_BYTE, start + i) != MAGIC[i]) {
                throw new InvalidInputException(source + ": not a .npy array (bad magic bytes)");
            }
        }
        int major = seg.get(ValueLayout.JAVA_BYTE, start + 6) & 0xff;
        long headerLen;
        long preamble;
        if (major == 1) {
            headerLen = seg.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), start + 8) & 0xffff;
            preamble = 10;
        } else if (major == 2 || major == 3) {
            if (size < 12) {
                throw new InvalidInputException(source + ": truncated .npy header");
            }
            headerLen = seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), start + 8) & 0xffffffffL;
            preamble = 12;
        } else {
            throw new InvalidInputException(source + ": unsupported .npy format version " + major);
        }
        if (headerLen > (1 << 20) || preamble + headerLen > size) {
            throw new InvalidInputException(source + ": truncated .npy header");
        }
        byte[] hb = seg.asSlice(start + preamble, headerLen).toArray(ValueLayout.JAVA_BYTE);
        String h = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header header = parseDict(h, name, source, preamble + headerLen);
        if (header.dataOffset() + header.dataBytes() > size) {
            throw new InvalidInputException(source + ": truncated: shape " + header.info().shapeString() + " of "
                    + header.info().dtypeName() + " needs " + header.dataBytes() + " bytes of data, "
                    + (size - header.dataOffset()) + " present");
        }
        return header;
    }

    static Header parseDict(String h, String name, String source, long dataOffset) {
        Matcher f = FORTRAN.matcher(h);
        Matcher s = SHAPE.matcher(h);
        if (!h.contains("'descr'") || !f.find() || !s.find()) {
            throw new InvalidInputException(source + ": malformed .npy header: " + h.strip());
        }
        long[] shape;
        try {
            shape = Arrays.stream(s.group(1).split(",")).map(String::strip).filter(p -> !p.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new InvalidInputException(source + ": malformed shape in .npy header: " + s.group(1));
        }
        for (long d : shape) {
            if (d < 0) {
                throw new InvalidInputException(source + ": negative dimension in .npy header");
            }
        }
        Matcher d = DESCR.matcher(h);
        String descr = d.find() ? d.group(1) : "structured";
        DType dtype = DType.UNSUPPORTED;
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (descr.length() == 3 && descr.charAt(1) == 'f') {
            dtype = switch (descr.charAt(2)) {
                case '2' -> DType.FLOAT16;
                case '4' -> DType.FLOAT32;
                case '8' -> DType.FLOAT64;
                default -> DType.UNSUPPORTED;
            };
            order = switch (descr.charAt(0)) {
                case '>' -> ByteOrder.BIG_ENDIAN;
                case '=' -> ByteOrder.nativeOrder();
                default -> ByteOrder.LITTLE_ENDIAN;
            };
        }
        TensorInfo info = new TensorInfo(name, shape, dtype, descr);
        try {
            info.elementCount();
        } catch (ArithmeticException e) {
            throw new InvalidInputException(source + ": shape overflows");
        }
        return new Header(info, order, f.group(1).equals("True"), dataOffset);
    }
}
