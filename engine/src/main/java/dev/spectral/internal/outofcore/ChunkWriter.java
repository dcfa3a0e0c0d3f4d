package dev.spectral.internal.outofcore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Writes little-endian records through one direct buffer (so the JDK makes no hidden copy of heap arrays), keeping a
 * CRC32C of everything written since {@link #begin}.
 */
final class ChunkWriter {
    private final ByteBuffer buf;
    private final DoubleBuffer doubles;
    private final CRC32C crc = new CRC32C();
    private FileChannel channel;
    private long position;
    private long bytes;

    ChunkWriter(int capacity) {
        buf = ByteBuffer.allocateDirect(capacity & ~7).order(ByteOrder.LITTLE_ENDIAN);
        doubles = buf.asDoubleBuffer();
    }

    void begin(FileChannel ch, long pos) {
        channel = ch;
        position = pos;
        crc.reset();
        buf.clear();
    }

    void putDoubles(double[] src, int off, int len) throws IOException {
        while (len > 0) {
            if (buf.remaining() < 8) {
                flush();
            }
            int room = buf.remaining() / 8;
            int n = Math.min(room, len);
            if (buf.position() % 8 == 0) {
                // The double view shares the bytes: a bulk copy at an 8-aligned position.
                doubles.clear().position(buf.position() / 8);
                doubles.put(src, off, n);
                buf.position(buf.position() + 8 * n);
            } else {
                for (int k = 0; k < n; k++) {
                    buf.putDouble(src[off + k]);
                }
            }
            off += n;
            len -= n;
        }
    }

    void putInt(int v) throws IOException {
        if (buf.remaining() < 4) {
            flush();
        }
        buf.putInt(v);
    }

    void putByte(byte v) throws IOException {
        if (!buf.hasRemaining()) {
            flush();
        }
        buf.put(v);
    }

    /** Writes out what is buffered, adding it to the checksum. */
    void flush() throws IOException {
        buf.flip();
        crc.update(buf.duplicate());
        writeFully();
    }

    /** The checksum so far, then writes it (not itself checksummed) and ends the record; returns bytes written. */
    long finishWithCrc() throws IOException {
        flush();
        int value = (int) crc.getValue();
        buf.putInt(value);
        buf.flip();
        writeFully();
        return bytes;
    }

    long position() {
        return position;
    }

    /** Bytes written since construction. */
    long bytesWritten() {
        return bytes;
    }

    private void writeFully() throws IOException {
        while (buf.hasRemaining()) {
            int w = channel.write(buf, position);
            position += w;
            bytes += w;
        }
        buf.clear();
    }
}
