package dev.spectral.internal.outofcore;

import dev.spectral.outofcore.ScratchCorruptedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads little-endian records written by {@link ChunkWriter} through one direct buffer, checking their CRC32C. A
 * record is {@code covered} checksummed bytes followed by the stored checksum.
 */
final class ChunkReader {
    private final ByteBuffer buf;
    private final DoubleBuffer doubles;
    private final ByteBuffer crcBuf = ByteBuffer.allocateDirect(4).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private FileChannel channel;
    private Path file;
    private long position;
    private long left;
    private long bytes;

    ChunkReader(int capacity) {
        buf = ByteBuffer.allocateDirect(capacity & ~7).order(ByteOrder.LITTLE_ENDIAN);
        doubles = buf.asDoubleBuffer();
    }

    void begin(FileChannel ch, Path path, long pos, long covered) {
        channel = ch;
        file = path;
        position = pos;
        left = covered;
        crc.reset();
        buf.clear().limit(0);
    }

    void getDoubles(double[] dst, int off, int len) throws IOException {
        while (len > 0) {
            if (buf.remaining() < 8) {
                refill(8);
            }
            int n = Math.min(buf.remaining() / 8, len);
            if (buf.position() % 8 == 0) {
                doubles.clear().position(buf.position() / 8);
                doubles.get(dst, off, n);
                buf.position(buf.position() + 8 * n);
            } else {
                for (int k = 0; k < n; k++) {
                    dst[off + k] = buf.getDouble();
                }
            }
            off += n;
            len -= n;
        }
    }

    int getInt() throws IOException {
        if (buf.remaining() < 4) {
            refill(4);
        }
        return buf.getInt();
    }

    byte getByte() throws IOException {
        if (!buf.hasRemaining()) {
            refill(1);
        }
        return buf.get();
    }

    /** Reads the stored checksum after the covered bytes; returns {stored, computed}. */
    long[] checksums() throws IOException {
        if (buf.hasRemaining() || left > 0) {
            throw new IllegalStateException("record not fully consumed");
        }
        crcBuf.clear();
        long pos = position;
        while (crcBuf.hasRemaining()) {
            int r = channel.read(crcBuf, pos);
            if (r < 0) {
                throw new ScratchCorruptedException(file, "is truncated at byte " + pos);
            }
            pos += r;
        }
        bytes += 4;
        position = pos;
        return new long[] {crcBuf.getInt(0) & 0xffffffffL, crc.getValue()};
    }

    long bytesRead() {
        return bytes;
    }

    /** Moves unread bytes to the front and reads more, at least {@code need} bytes in the buffer after. */
    private void refill(int need) throws IOException {
        buf.compact();
        // compact leaves the buffer in write mode; align the next read so doubles stay 8-aligned in the buffer.
        long want = Math.min(left, buf.remaining());
        int start = buf.position();
        buf.limit((int) (start + want));
        while (buf.position() < start + want) {
            int r = channel.read(buf, position);
            if (r < 0) {
                throw new ScratchCorruptedException(file, "is truncated at byte " + position);
            }
            position += r;
        }
        ByteBuffer fresh = buf.duplicate().flip();
        fresh.position(start);
        crc.update(fresh);
        bytes += want;
        left -= want;
        buf.flip();
        if (buf.remaining() < need) {
            throw new ScratchCorruptedException(file, "ends inside a record at byte " + position);
        }
    }
}
