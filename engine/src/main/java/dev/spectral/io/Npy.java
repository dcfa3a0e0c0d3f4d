package dev.spectral.io;

import dev.spectral.InvalidInputException;
import dev.spectral.matrix.DenseMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files: float32/float64 (either endianness), C or Fortran order, header versions 1-3. A 1-D array
 * reads as a column vector, a 0-D array as a 1 x 1 matrix. Writing produces float64 Fortran-order version 1 files.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy itself refuses headers above 10 kB unless told otherwise; anything near a megabyte is not a real header. */
    private static final int MAX_HEADER = 1 << 20;
    /** Bytes decoded at a time: enough whole rows of a C-order file to transpose them with cache-friendly writes. */
    private static final int CHUNK_BYTES = 4 << 20;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** What a header says: element type, order, shape, and where the data starts. */
    public record Header(String descr, boolean fortranOrder, long[] shape, long dataOffset) {
        /** Bytes per element: 4 or 8. */
        public int elementSize() {
            return descr.charAt(2) == '4' ? 4 : 8;
        }

        public ByteOrder byteOrder() {
            return descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        }

        public boolean isFloat32() {
            return elementSize() == 4;
        }

        public long rows() {
            return shape.length == 0 ? 1 : shape[0];
        }

        public long cols() {
            return shape.length < 2 ? 1 : shape[1];
        }

        public long elementCount() {
            long c = 1;
            for (long s : shape) {
                c = Math.multiplyExact(c, s);
            }
            return c;
        }

        /** Bytes of data the shape calls for. */
        public long dataBytes() {
            return Math.multiplyExact(elementCount(), elementSize());
        }
    }

    /** Reads and validates the header of {@code file}, including that the file holds exactly the data it announces. */
    public static Header header(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return header(file, ch);
        } catch (IOException e) {
            throw Inputs.failure(file, e);
        }
    }

    private static Header header(Path file, FileChannel ch) throws IOException {
        Header h = header(file, Channels.newInputStream(ch));
        checkDataSize(file, h, ch.size() - h.dataOffset());
        return h;
    }

    /** Reads a header from a stream positioned at the magic bytes, leaving it positioned at the data. */
    static Header header(Object source, InputStream in) throws IOException {
        byte[] pre = in.readNBytes(MAGIC.length + 2);
        if (!Arrays.equals(pre, 0, Math.min(pre.length, MAGIC.length), MAGIC, 0, Math.min(pre.length, MAGIC.length))) {
            throw new InvalidInputException(source + ": not a .npy file (bad magic bytes)");
        }
        if (pre.length < MAGIC.length + 2) {
            throw new InvalidInputException(source + ": truncated .npy header (" + pre.length + " bytes)");
        }
        int major = pre[MAGIC.length] & 0xff;
        if (major < 1 || major > 3) {
            throw new InvalidInputException(source + ": unsupported .npy format version " + major);
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] lb = in.readNBytes(lengthBytes);
        if (lb.length < lengthBytes) {
            throw new InvalidInputException(source + ": truncated .npy header (no header length)");
        }
        long len = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            len = (len << 8) | (lb[i] & 0xff);
        }
        if (len > MAX_HEADER) {
            throw new InvalidInputException(source + ": implausible .npy header length " + len);
        }
        byte[] text = in.readNBytes((int) len);
        if (text.length < len) {
            throw new InvalidInputException(source + ": truncated .npy header (" + text.length + " of " + len + " bytes)");
        }
        // Version 3 differs from 2 only in allowing UTF-8 in the header.
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parse(source, dict, MAGIC.length + 2 + lengthBytes + len);
    }

    static Header parse(Object source, String h, long dataOffset) {
        Matcher d = DESCR.matcher(h);
        Matcher f = FORTRAN.matcher(h);
        Matcher s = SHAPE.matcher(h);
        if (!d.find()) {
            throw new InvalidInputException(source + (h.contains("'descr'")
                    ? ": unsupported dtype (structured or non-numeric): " : ": malformed .npy header: ") + Inputs.oneLine(h));
        }
        if (!f.find() || !s.find()) {
            throw new InvalidInputException(source + ": malformed .npy header: " + Inputs.oneLine(h));
        }
        String descr = d.group(1);
        if (descr.length() == 3 && descr.charAt(0) == '|') {
            descr = "<" + descr.substring(1);
        }
        if (!descr.matches("[<>=]f[48]")) {
            throw new InvalidInputException(source + ": unsupported dtype '" + Inputs.oneLine(d.group(1))
                    + "' (float32 or float64 expected)");
        }
        if (descr.charAt(0) == '=') {
            descr = (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? ">" : "<") + descr.substring(1);
        }
        long[] shape;
        try {
            // Python 2 era files write longs as "3L".
            shape = Arrays.stream(s.group(1).split(",")).map(String::strip).filter(p -> !p.isEmpty())
                    .map(p -> p.endsWith("L") ? p.substring(0, p.length() - 1) : p)
                    .mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new InvalidInputException(source + ": malformed .npy shape (" + Inputs.oneLine(s.group(1)) + ")");
        }
        if (Arrays.stream(shape).anyMatch(x -> x < 0)) {
            throw new InvalidInputException(source + ": negative dimension in .npy shape " + shapeString(shape));
        }
        if (shape.length > 2) {
            throw new InvalidInputException(source + ": a " + shape.length + "-D array of shape " + shapeString(shape)
                    + "; a matrix (2-D) or vector (1-D) was expected");
        }
        Header header = new Header(descr, f.group(1).equals("True"), shape, dataOffset);
        try {
            header.dataBytes();
        } catch (ArithmeticException e) {
            throw new InvalidInputException(source + ": shape " + shapeString(shape) + " overflows a 64-bit size");
        }
        return header;
    }

    static String shapeString(long[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** Refuses data that is shorter or longer than the shape announces (a truncated or mislabeled file). */
    static void checkDataSize(Object source, Header h, long available) {
        long need = h.dataBytes();
        if (available < need) {
            throw new InvalidInputException(String.format("%s: truncated: shape %s of %s needs %d bytes of data, found %d",
                    source, shapeString(h.shape()), h.descr(), need, Math.max(available, 0)));
        }
        if (available > need) {
            throw new InvalidInputException(String.format(
                    "%s: shape %s of %s needs %d bytes of data, but %d bytes follow the header", source,
                    shapeString(h.shape()), h.descr(), need, available));
        }
    }

    /** Reads a matrix (or a vector as an n x 1 matrix). Entries are checked to be finite. */
    public static DenseMatrix read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = header(file, ch);
            ch.position(h.dataOffset());
            return decode(file, h, ch);
        } catch (IOException e) {
            throw Inputs.failure(file, e);
        }
    }

    /** Reads a 1-D array. Entries are checked to be finite. */
    public static double[] readVector(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = header(file, ch);
            if (h.shape().length != 1) {
                throw new InvalidInputException(file + ": a " + h.shape().length + "-D array of shape "
                        + shapeString(h.shape()) + "; a 1-D vector was expected");
            }
            ch.position(h.dataOffset());
            return decode(file, h, ch).data();
        } catch (IOException e) {
            throw Inputs.failure(file, e);
        }
    }

    /**
     * Decodes the data that follows a header (its size already checked) into a column-major matrix and checks that
     * every entry is finite.
     */
    static DenseMatrix decode(Object source, Header h, ReadableByteChannel in) throws IOException {
        long r = h.rows();
        long c = h.cols();
        if (r * c > DenseMatrix.MAX_ELEMENTS || r > Integer.MAX_VALUE || c > Integer.MAX_VALUE) {
            throw new InvalidInputException(source + ": shape " + shapeString(h.shape())
                    + " is too large to hold in memory; use an out-of-core or matrix-free method");
        }
        int rows = (int) r;
        int cols = (int) c;
        int n = rows * cols;
        int size = h.elementSize();
        double[] out = new double[n];
        int maxCount = (int) Math.min(n, CHUNK_BYTES / size);
        ByteBuffer buf = ByteBuffer.allocate(Math.max(maxCount, 1) * size).order(h.byteOrder());
        double[] rowMajor = h.fortranOrder() ? null : new double[maxCount];
        int done = 0;
        int i = 0; // C order: where the next chunk starts
        int j = 0;
        while (done < n) {
            // A chunk is a run of the column-major result (Fortran order); or, in C order, whole rows i..i+nr-1 when
            // a row fits in the buffer, else columns j..j+w-1 of row i.
            int nr;
            int w;
            if (h.fortranOrder()) {
                nr = 1;
                w = Math.min(maxCount, n - done);
            } else if (cols <= maxCount) {
                nr = Math.min(maxCount / cols, rows - i);
                w = cols;
            } else {
                nr = 1;
                w = Math.min(maxCount, cols - j);
            }
            int count = nr * w;
            buf.clear().limit(count * size);
            while (buf.hasRemaining()) {
                if (in.read(buf) < 0) {
                    throw new InvalidInputException(source + ": truncated: data ends after " + done + " of " + n + " elements");
                }
            }
            buf.flip();
            if (h.fortranOrder()) {
                get(buf, h.isFloat32(), out, done, count);
            } else {
                // Transpose the row-major chunk column by column, so that writes run down columns of the result.
                get(buf, h.isFloat32(), rowMajor, 0, count);
                for (int jj = 0; jj < w; jj++) {
                    int dest = i + (j + jj) * rows;
                    for (int ii = 0; ii < nr; ii++) {
                        out[dest + ii] = rowMajor[ii * w + jj];
                    }
                }
                if (j + w == cols) {
                    i += nr;
                    j = 0;
                } else {
                    j += w;
                }
            }
            done += count;
        }
        return DenseMatrix.of(rows, cols, out).requireFinite(source.toString());
    }

    /** Decodes the first {@code count} elements of {@code buf} into {@code dst[off ..]}. */
    private static void get(ByteBuffer buf, boolean float32, double[] dst, int off, int count) {
        if (float32) {
            FloatBuffer f = buf.asFloatBuffer();
            for (int k = 0; k < count; k++) {
                dst[off + k] = f.get(k);
            }
        } else {
            buf.asDoubleBuffer().get(dst, off, count);
        }
    }

    /** Writes a float64 little-endian Fortran-order file (no transposition needed), atomically. */
    public static void write(Path file, DenseMatrix m) {
        AtomicFiles.write(file, out -> write(out, m));
    }

    /** Writes a vector as a 1-D float64 array, atomically. */
    public static void writeVector(Path file, double[] v) {
        AtomicFiles.write(file, out -> write(out, DenseMatrix.of(v.length, 1, v), new long[] {v.length}));
    }

    static void write(OutputStream out, DenseMatrix m) throws IOException {
        write(out, m, new long[] {m.rows(), m.cols()});
    }

    private static void write(OutputStream out, DenseMatrix m, long[] shape) throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': True, 'shape': " + shapeString(shape) + ", }";
        // numpy pads the header with spaces and a newline so that the data starts 64-byte aligned.
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.write(pre.array());
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        double[] d = m.data();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : d) {
            if (!buf.hasRemaining()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putDouble(v);
        }
        out.write(buf.array(), 0, buf.position());
    }

    /** Files.size with a one-line error. */
    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw Inputs.failure(p, e);
        }
    }
}
