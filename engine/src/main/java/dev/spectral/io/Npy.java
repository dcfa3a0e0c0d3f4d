package dev.spectral.io;

import dev.spectral.InvalidInputException;
import dev.spectral.matrix.DenseMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files: float32/float64 (either endianness), C or Fortran order, header versions 1-3. A 1-D array
 * reads as a column vector. Reading maps the file, so only the matrix itself is held on the heap.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
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
    }

    /** Reads and validates the header of {@code file}. */
    public static Header header(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return header(file, ch);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static Header header(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(pre, 0);
        pre.flip();
        if (pre.remaining() < 10) {
            throw new InvalidInputException(file + ": not a .npy file (too short for a header)");
        }
        for (byte b : MAGIC) {
            if (pre.get() != b) {
                throw new InvalidInputException(file + ": not a .npy file (bad magic bytes)");
            }
        }
        int major = pre.get() & 0xff;
        pre.get();
        long headerLen;
        int preamble;
        if (major == 1) {
            headerLen = pre.getShort() & 0xffff;
            preamble = 10;
        } else if (major == 2 || major == 3) {
            if (pre.remaining() < 4) {
                throw new InvalidInputException(file + ": truncated .npy header");
            }
            headerLen = pre.getInt() & 0xffffffffL;
            preamble = 12;
        } else {
            throw new InvalidInputException(file + ": unsupported .npy format version " + major);
        }
        if (preamble + headerLen > size || headerLen > (1 << 20)) {
            throw new InvalidInputException(file + ": truncated .npy header");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        ch.read(hb, preamble);
        String h = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header parsed = parse(file, h, preamble + headerLen);
        long need = parsed.dataOffset() + parsed.elementCount() * parsed.elementSize();
        if (size < need) {
            throw new InvalidInputException(String.format("%s: truncated: shape %s needs %d bytes of data, the file has %d",
                    file, shapeString(parsed.shape()), need - parsed.dataOffset(), size - parsed.dataOffset()));
        }
        return parsed;
    }

    static Header parse(Object source, String h, long dataOffset) {
        Matcher d = DESCR.matcher(h);
        Matcher f = FORTRAN.matcher(h);
        Matcher s = SHAPE.matcher(h);
        if (!d.find() || !f.find() || !s.find()) {
            throw new InvalidInputException(source + ": malformed .npy header: " + h.strip());
        }
        String descr = d.group(1);
        if (descr.length() == 3 && descr.charAt(0) == '|' ) {
            descr = "<" + descr.substring(1);
        }
        if (!descr.matches("[<>=][f][48]")) {
            throw new InvalidInputException(source + ": unsupported dtype '" + d.group(1) + "' (float32 or float64 expected)");
        }
        if (descr.charAt(0) == '=') {
            descr = (ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? ">" : "<") + descr.substring(1);
        }
        String[] parts = s.group(1).split(",");
        long[] shape = java.util.Arrays.stream(parts).map(String::strip).filter(p -> !p.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        if (shape.length > 2) {
            throw new InvalidInputException(source + ": a " + shape.length + "-D array; a matrix (2-D) or vector (1-D) was expected");
        }
        return new Header(descr, f.group(1).equals("True"), shape, dataOffset);
    }

    static String shapeString(long[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** Reads a matrix (or a vector as an n x 1 matrix). Entries are checked to be finite. */
    public static DenseMatrix read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = header(file, ch);
            long r = h.rows();
            long c = h.cols();
            if (r * c > DenseMatrix.MAX_ELEMENTS || r > Integer.MAX_VALUE || c > Integer.MAX_VALUE) {
                throw new InvalidInputException(file + ": shape " + shapeString(h.shape())
                        + " is too large to hold in memory; use an out-of-core or matrix-free method");
            }
            int rows = (int) r;
            int cols = (int) c;
            double[] out = new double[rows * cols];
            long bytes = (long) out.length * h.elementSize();
            // Map in chunks below 2 GiB (a MappedByteBuffer is int-indexed).
            long chunkElems = (1L << 30) / h.elementSize();
            for (long start = 0; start < out.length; start += chunkElems) {
                long count = Math.min(chunkElems, out.length - start);
                ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset() + start * h.elementSize(),
                        count * h.elementSize()).order(h.byteOrder());
                for (long k = 0; k < count; k++) {
                    long idx = start + k;
                    double v = h.isFloat32() ? buf.getFloat() : buf.getDouble();
                    // C order stores row-major: element idx is (idx / cols, idx % cols); place it column-major.
                    int dest = h.fortranOrder() ? (int) idx : (int) ((idx % cols) * rows + idx / cols);
                    out[dest] = v;
                }
            }
            assert bytes >= 0;
            DenseMatrix m = DenseMatrix.of(rows, cols, out);
            m.requireFinite(file.toString());
            return m;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
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

    /** Reads a header from a stream (used by the .npz reader). */
    static Header header(Object source, InputStream in) throws IOException {
        byte[] pre = in.readNBytes(10);
        if (pre.length < 10) {
            throw new InvalidInputException(source + ": not a .npy entry (too short)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre[i] != MAGIC[i]) {
                throw new InvalidInputException(source + ": not a .npy entry (bad magic bytes)");
            }
        }
        int major = pre[6] & 0xff;
        long len;
        long pos;
        if (major == 1) {
            len = (pre[8] & 0xff) | ((pre[9] & 0xff) << 8);
            pos = 10;
        } else {
            byte[] more = in.readNBytes(2);
            len = (pre[8] & 0xffL) | ((pre[9] & 0xffL) << 8) | ((more[0] & 0xffL) << 16) | ((more[1] & 0xffL) << 24);
            pos = 12;
        }
        byte[] h = in.readNBytes((int) len);
        if (h.length < len) {
            throw new InvalidInputException(source + ": truncated .npy header");
        }
        return parse(source, new String(h, StandardCharsets.ISO_8859_1), pos + len);
    }

    /** Files.size with a one-line error. */
    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new InvalidInputException(p + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
