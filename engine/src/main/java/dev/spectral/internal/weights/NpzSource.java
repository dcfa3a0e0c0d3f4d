package dev.spectral.internal.weights;

import dev.spectral.InvalidInputException;
import dev.spectral.weights.ModelSource;
import dev.spectral.weights.TensorData;
import dev.spectral.weights.TensorInfo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * NumPy .npz archives (np.savez, np.savez_compressed): a zip file of .npy entries, read from the zip central directory
 * (ZIP64 included). Stored entries are memory-mapped in place; deflated entries are inflated one at a time into a
 * heap buffer the size of that one tensor.
 */
public final class NpzSource implements ModelSource {
    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private record ZipEntry(String name, int method, long compressedSize, long size, long dataStart) {}

    private record Entry(ZipEntry zip, NpyFormat.Header header) {}

    private final Path path;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<TensorInfo> tensors = new ArrayList<>();

    private NpzSource(Path path) {
        this.path = path;
    }

    public static NpzSource open(Path file) {
        NpzSource src = new NpzSource(file);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = MappedFiles.whole(file, arena);
            for (ZipEntry z : centralDirectory(file, seg)) {
                if (!z.name.endsWith(".npy")) {
                    continue;
                }
                String name = z.name.substring(0, z.name.length() - 4);
                String where = file + ": entry " + z.name;
                NpyFormat.Header h;
                if (z.method == 0) {
                    h = NpyFormat.parse(seg, z.dataStart, z.size, name, where);
                } else {
                    byte[] head = inflate(seg, z, (int) Math.min(z.size, 1 << 17), where);
                    MemorySegment hs = MemorySegment.ofArray(head);
                    h = NpyFormat.parse(hs, 0, z.size, name, where);
                }
                if (src.entries.putIfAbsent(name, new Entry(z, h)) == null) {
                    src.tensors.add(h.info());
                }
            }
        }
        return src;
    }

    private static List<ZipEntry> centralDirectory(Path file, MemorySegment seg) {
        long size = seg.byteSize();
        long eocd = -1;
        for (long p = size - 22; p >= Math.max(0, size - 22 - 65535); p--) {
            if (seg.get(U32, p) == EOCD) {
                eocd = p;
                break;
            }
        }
        if (eocd < 0) {
            throw new InvalidInputException(file + ": not an .npz (zip) file or truncated (no end of central directory)");
        }
        long count = seg.get(U16, eocd + 10) & 0xffff;
        long cdSize = seg.get(U32, eocd + 12) & 0xffffffffL;
        long cdOffset = seg.get(U32, eocd + 16) & 0xffffffffL;
        if (eocd >= 20 && seg.get(U32, eocd - 20) == ZIP64_LOCATOR) {
            long z64 = seg.get(U64, eocd - 20 + 8);
            if (z64 < 0 || z64 > size - 56 || seg.get(U32, z64) != ZIP64_EOCD) {
                throw new InvalidInputException(file + ": corrupt ZIP64 end of central directory");
            }
            count = seg.get(U64, z64 + 32);
            cdSize = seg.get(U64, z64 + 40);
            cdOffset = seg.get(U64, z64 + 48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset > size - cdSize) {
            throw new InvalidInputException(file + ": corrupt zip central directory (offset " + cdOffset + ")");
        }
        List<ZipEntry> list = new ArrayList<>();
        long p = cdOffset;
        long end = cdOffset + cdSize;
        for (long i = 0; i < count; i++) {
            if (p + 46 > end || seg.get(U32, p) != CENTRAL) {
                throw new InvalidInputException(file + ": corrupt zip central directory at byte " + p);
            }
            int flags = seg.get(U16, p + 8) & 0xffff;
            int method = seg.get(U16, p + 10) & 0xffff;
            long comp = seg.get(U32, p + 20) & 0xffffffffL;
            long uncomp = seg.get(U32, p + 24) & 0xffffffffL;
            int nameLen = seg.get(U16, p + 28) & 0xffff;
            int extraLen = seg.get(U16, p + 30) & 0xffff;
            int commentLen = seg.get(U16, p + 32) & 0xffff;
            long local = seg.get(U32, p + 42) & 0xffffffffL;
            if (p + 46 + nameLen + extraLen + commentLen > end) {
                throw new InvalidInputException(file + ": corrupt zip central directory entry at byte " + p);
            }
            String name = new String(seg.asSlice(p + 46, nameLen).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            // ZIP64 extra field: 64-bit values for whichever 32-bit fields are saturated, in this order.
            long x = p + 46 + nameLen;
            long xEnd = x + extraLen;
            while (x + 4 <= xEnd) {
                int id = seg.get(U16, x) & 0xffff;
                int len = seg.get(U16, x + 2) & 0xffff;
                long q = x + 4;
                if (id == 0x0001) {
                    if (uncomp == 0xffffffffL && q + 8 <= x + 4 + len) {
                        uncomp = seg.get(U64, q);
                        q += 8;
                    }
                    if (comp == 0xffffffffL && q + 8 <= x + 4 + len) {
                        comp = seg.get(U64, q);
                        q += 8;
                    }
                    if (local == 0xffffffffL && q + 8 <= x + 4 + len) {
                        local = seg.get(U64, q);
                    }
                }
                x += 4 + len;
            }
            p += 46 + nameLen + extraLen + commentLen;
            if ((flags & 1) != 0) {
                throw new InvalidInputException(file + ": entry " + name + " is encrypted");
            }
            if (method != 0 && method != 8) {
                throw new InvalidInputException(file + ": entry " + name + " uses zip compression method " + method
                        + " (only stored and deflate are supported)");
            }
            if (local < 0 || local > size - 30 || seg.get(U32, local) != LOCAL) {
                throw new InvalidInputException(file + ": entry " + name + " has no local header at byte " + local);
            }
            long data = local + 30 + (seg.get(U16, local + 26) & 0xffff) + (seg.get(U16, local + 28) & 0xffff);
            if (comp < 0 || uncomp < 0 || data > size - comp) {
                throw new InvalidInputException(file + ": entry " + name + " is truncated (" + comp + " bytes at byte "
                        + data + ", file size " + size + ")");
            }
            if (method == 0 && comp != uncomp) {
                throw new InvalidInputException(file + ": stored entry " + name + " has differing sizes");
            }
            list.add(new ZipEntry(name, method, comp, uncomp, data));
        }
        return list;
    }

    /** Inflates the first {@code n} bytes of a deflated entry. */
    private static byte[] inflate(MemorySegment seg, ZipEntry z, int n, String where) {
        if (z.compressedSize > Integer.MAX_VALUE) {
            throw new InvalidInputException(where + ": compressed entries above 2 GB are not supported");
        }
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(seg.asSlice(z.dataStart, z.compressedSize).asByteBuffer());
            byte[] out = new byte[n];
            int done = 0;
            while (done < n) {
                int k = inf.inflate(out, done, n - done);
                if (k == 0 && (inf.finished() || inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                done += k;
            }
            if (done < n) {
                throw new InvalidInputException(where + ": compressed data ends after " + done + " of " + n + " bytes");
            }
            return out;
        } catch (DataFormatException e) {
            throw new InvalidInputException(where + ": corrupt compressed data (" + e.getMessage() + ")");
        } finally {
            inf.end();
        }
    }

    @Override
    public String format() {
        return "npz";
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<TensorInfo> tensors() {
        return List.copyOf(tensors);
    }

    @Override
    public TensorData open(TensorInfo tensor) {
        Entry e = entries.get(tensor.name());
        if (e == null) {
            throw new InvalidInputException(path + ": no array named " + tensor.name());
        }
        String where = path + ": entry " + e.zip.name;
        if (e.zip.method == 0) {
            return NpySource.openEntry(e.header, path, e.zip.dataStart, where);
        }
        TensorInfo info = e.header.info();
        if (!info.dtype().isReadable()) {
            throw new InvalidInputException(where + ": dtype " + info.dtypeName() + " is not a floating-point type");
        }
        if (e.zip.size > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(where + ": compressed arrays above 2 GB are not supported; use np.savez");
        }
        byte[] all;
        try (Arena arena = Arena.ofConfined(); FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment region = ch.map(FileChannel.MapMode.READ_ONLY, e.zip.dataStart, e.zip.compressedSize, arena);
            all = inflate(region, new ZipEntry(e.zip.name, 8, e.zip.compressedSize, e.zip.size, 0), (int) e.zip.size, where);
        } catch (java.io.IOException ex) {
            throw new InvalidInputException(where + ": cannot read (" + ex.getMessage() + ")", ex);
        }
        NpyFormat.Header h = e.header;
        MemorySegment payload = MemorySegment.ofArray(all).asSlice(h.dataOffset(), h.dataBytes());
        if (h.fortranOrder() && info.rank() > 2) {
            throw new InvalidInputException(where + ": Fortran-order arrays with more than 2 dimensions are not supported");
        }
        if (h.fortranOrder() && info.rank() == 2) {
            TensorInfo transposed = new TensorInfo(info.name(), new long[] {info.dimension(1), info.dimension(0)},
                    info.dtype(), info.dtypeName());
            return new FortranOrderTensorData(info, new SegmentTensorData(transposed, payload, h.order(), null));
        }
        return new SegmentTensorData(info, payload, h.order(), null);
    }

    @Override
    public void close() {
        // Nothing is held open between tensors.
    }
}
