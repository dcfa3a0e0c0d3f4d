package dev.spectral.internal.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The fatbin of Spectral's CUDA kernels (native/spectral_kernels.cu), shipped as a resource, and a reader of its
 * container header: magic 0xBA55ED50, version 1, a 16-byte header, the payload size, then entries (kind 1 = PTX,
 * 2 = ELF cubin) each with its own header size, payload size and target architecture. The layout is NVIDIA's
 * undocumented but stable fatbinary format; only what a sanity check needs is read.
 */
final class Fatbin {
    static final String RESOURCE = "spectral_kernels.fatbin";
    static final int MAGIC = 0xBA55ED50;
    static final int KIND_PTX = 1;
    static final int KIND_ELF = 2;

    private Fatbin() {}

    /** One embedded image: PTX or a cubin for sm_{arch}. */
    record Entry(int kind, int arch, long bytes) {
        String describe() {
            return (kind == KIND_PTX ? "PTX compute_" : kind == KIND_ELF ? "cubin sm_" : "kind " + kind + " arch ") + arch;
        }
    }

    /** The resource's bytes; a build without it is broken, hence unchecked. */
    static byte[] load() {
        try (InputStream in = Fatbin.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the cuda jar (run make native)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries, after checking the container header; throws IllegalArgumentException on a malformed image. */
    static List<Entry> entries(byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        if (image.length < 16 || b.getInt(0) != MAGIC) {
            throw new IllegalArgumentException("not a fatbin: bad magic");
        }
        int version = Short.toUnsignedInt(b.getShort(4));
        int headerSize = Short.toUnsignedInt(b.getShort(6));
        long payload = b.getLong(8);
        if (version != 1 || headerSize != 16 || headerSize + payload != image.length) {
            throw new IllegalArgumentException("fatbin header: version " + version + ", header " + headerSize
                    + " bytes, payload " + payload + " bytes, file " + image.length + " bytes");
        }
        List<Entry> out = new ArrayList<>();
        long offset = headerSize;
        while (offset < image.length) {
            if (offset + 32 > image.length) {
                throw new IllegalArgumentException("fatbin entry header truncated at " + offset);
            }
            int at = (int) offset;
            int kind = Short.toUnsignedInt(b.getShort(at));
            long entryHeader = Integer.toUnsignedLong(b.getInt(at + 4));
            long size = b.getLong(at + 8);
            int arch = b.getInt(at + 28);
            offset += entryHeader + size;
            if (entryHeader < 32 || offset > image.length) {
                throw new IllegalArgumentException("fatbin entry at " + at + " overruns the file");
            }
            out.add(new Entry(kind, arch, size));
        }
        return out;
    }
}
