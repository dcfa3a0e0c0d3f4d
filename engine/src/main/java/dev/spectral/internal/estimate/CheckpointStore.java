package dev.spectral.internal.estimate;

import dev.spectral.InvalidInputException;
import dev.spectral.SpectralException;
import dev.spectral.estimate.SlqCheckpoint;
import dev.spectral.estimate.SlqProgress;
import dev.spectral.internal.io.RunDirectory;
import dev.spectral.outofcore.ScratchCorruptedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The files of a checkpointed SLQ run: a state file (finished probes, work done so far, and the serialized block in
 * progress, closed by a CRC32C), replaced durably, and one append-only file of Lanczos basis vectors per probe of the
 * block (full reorthogonalization only). The state records how many basis vectors count; a crash between appending
 * vectors and replacing the state leaves extra vectors that the next save overwrites.
 */
final class CheckpointStore implements AutoCloseable {
    static final String STATE = "slq-state.bin";
    static final String LOCK = "slq.lock";
    static final String CREATED = "slq-created-dir";
    static final String BASIS_PREFIX = "slq-basis-";
    private static final String MAGIC = "spectral-slq-checkpoint 1";

    /** Writes the block in progress into the state and its basis vectors into the basis files. */
    interface BlockWriter {
        void write(DataOutputStream out, CheckpointStore store) throws IOException;
    }

    /** The block in progress as saved: its first probe, size, steps taken, and the serialized processes. */
    record SavedBlock(long first, int count, int step, byte[] columns) {}

    private final SlqCheckpoint settings;
    private final RunDirectory dir;
    private final String fingerprint;
    private final long sessionStart = System.nanoTime();
    private final long priorProducts;
    private final long priorNanos;
    private List<ProbeOutcome> finished;
    private SavedBlock block;
    private long lastSave = System.nanoTime();
    /** Basis vectors of each probe known to be on disk (appended in this session or counted by the loaded state). */
    private final Map<Long, Integer> onDisk = new HashMap<>();

    private CheckpointStore(SlqCheckpoint settings, RunDirectory dir, String fingerprint, long priorProducts,
                            long priorNanos, List<ProbeOutcome> finished, SavedBlock block) {
        this.settings = settings;
        this.dir = dir;
        this.fingerprint = fingerprint;
        this.priorProducts = priorProducts;
        this.priorNanos = priorNanos;
        this.finished = finished;
        this.block = block;
    }

    /** Locks the directory and loads its state when resuming; refuses a state of another run or an unasked resume. */
    static CheckpointStore open(SlqCheckpoint c, String fingerprint) {
        RunDirectory dir = RunDirectory.open(c.directory(), LOCK, CREATED, "checkpoint directory");
        try {
            Path state = dir.dir().resolve(STATE);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(state);
            } catch (NoSuchFileException e) {
                bytes = null;
            }
            if (bytes == null) {
                deleteBasisFiles(dir.dir());
                return new CheckpointStore(c, dir, fingerprint, 0, 0, List.of(), null);
            }
            if (!c.resume()) {
                throw new InvalidInputException("checkpoint directory " + dir.dir() + " holds the state of an earlier "
                        + "SLQ run; resume it (--resume) or delete the directory to start over");
            }
            return read(c, dir, fingerprint, state, bytes);
        } catch (IOException e) {
            dir.close();
            throw new SpectralException("cannot read checkpoint directory " + dir.dir() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    private static CheckpointStore read(SlqCheckpoint c, RunDirectory dir, String fingerprint, Path file, byte[] bytes) {
        if (bytes.length < 8) {
            throw new ScratchCorruptedException(file, "is truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        if (ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong() != crc.getValue()) {
            throw new ScratchCorruptedException(file, "fails its checksum");
        }
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new ScratchCorruptedException(file, "is not an SLQ checkpoint of this version");
            }
            String saved = in.readUTF();
            if (!saved.equals(fingerprint)) {
                throw new InvalidInputException("checkpoint directory " + dir.dir() + " holds another SLQ run (" + saved
                        + "), not this one (" + fingerprint + "); use another directory or delete it to start over");
            }
            long products = in.readLong();
            long nanos = in.readLong();
            int count = in.readInt();
            List<ProbeOutcome> done = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                done.add(readOutcome(in));
            }
            SavedBlock block = null;
            if (in.readBoolean()) {
                long first = in.readLong();
                int size = in.readInt();
                int step = in.readInt();
                byte[] columns = new byte[in.readInt()];
                in.readFully(columns);
                block = new SavedBlock(first, size, step, columns);
            }
            return new CheckpointStore(c, dir, fingerprint, products, nanos, done, block);
        } catch (EOFException e) {
            throw new ScratchCorruptedException(file, "is truncated");
        } catch (IOException e) {
            throw new ScratchCorruptedException(file, "cannot be read (" + e.getMessage() + ")");
        }
    }

    List<ProbeOutcome> finished() {
        return finished;
    }

    long priorProducts() {
        return priorProducts;
    }

    long priorNanos() {
        return priorNanos;
    }

    /** The saved block starting at probe {@code first} with {@code count} probes, handed out once, or null. */
    SavedBlock takeBlock(long first, int count) {
        SavedBlock b = block;
        if (b == null) {
            return null;
        }
        block = null;
        if (b.first() != first || b.count() != count) {
            throw damaged("saved the block of probes " + b.first()
                    + " to " + (b.first() + b.count() - 1) + " where the run continues with probes " + first + " to "
                    + (first + count - 1));
        }
        return b;
    }

    /** The state file {@code problem} (a sentence's predicate), as an exception naming the file. */
    ScratchCorruptedException damaged(String problem) {
        return new ScratchCorruptedException(dir.dir().resolve(STATE), problem);
    }

    /** Nanoseconds of work so far, earlier sessions included. */
    private long nanos() {
        return priorNanos + System.nanoTime() - sessionStart;
    }

    /** After a Lanczos step: saves when the interval has passed, then tells the listener. */
    void afterStep(long first, int count, int step, int active, int maxDegree, int finishedInBlock, long products,
                   int resumedAt, BlockWriter writer) {
        boolean save = System.nanoTime() - lastSave >= settings.interval().toNanos();
        if (save) {
            save(new SavedBlockWriter(first, count, step, writer), products);
        }
        if (settings.listener() != null) {
            settings.listener().accept(new SlqProgress(first, count, active, step, maxDegree,
                    finished.size() + finishedInBlock, products, nanos() * 1e-9, save, resumedAt));
        }
    }

    /** After a block: its probes join the finished ones, saved at once. */
    void blockFinished(List<ProbeOutcome> all, long products) {
        finished = List.copyOf(all);
        save(null, products);
        deleteBasisFiles(dir.dir());
        onDisk.clear();
    }

    private record SavedBlockWriter(long first, int count, int step, BlockWriter writer) {}

    private void save(SavedBlockWriter b, long products) {
        try {
            var bytes = new ByteArrayOutputStream(1 << 16);
            var out = new DataOutputStream(bytes);
            out.writeUTF(MAGIC);
            out.writeUTF(fingerprint);
            out.writeLong(products);
            out.writeLong(nanos());
            out.writeInt(finished.size());
            for (ProbeOutcome p : finished) {
                writeOutcome(out, p);
            }
            out.writeBoolean(b != null);
            if (b != null) {
                out.writeLong(b.first());
                out.writeInt(b.count());
                out.writeInt(b.step());
                var cols = new ByteArrayOutputStream(1 << 16);
                var colOut = new DataOutputStream(cols);
                b.writer().write(colOut, this);
                colOut.flush();
                out.writeInt(cols.size());
                cols.writeTo(out);
            }
            out.flush();
            CRC32C crc = new CRC32C();
            byte[] body = bytes.toByteArray();
            crc.update(body);
            out.writeLong(crc.getValue());
            out.flush();
            dir.writeDurably(STATE, bytes.toByteArray());
            lastSave = System.nanoTime();
        } catch (IOException e) {
            throw new SpectralException("cannot save the SLQ checkpoint in " + dir.dir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes basis vectors [0, count) of probe {@code index} durable: appends those not yet on disk, from {@code vs}
     * (column-major, n per vector). Called while the state is being written, before it is renamed into place.
     */
    void saveBasis(long index, double[] vs, int count, int n) throws IOException {
        int have = onDisk.getOrDefault(index, 0);
        if (have >= count) {
            return;
        }
        Path file = basisFile(index);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            long pos = (long) have * n * Double.BYTES;
            int from = have * n;
            int to = count * n;
            for (int i = from; i < to; ) {
                buf.clear();
                int m = Math.min(to - i, buf.capacity() / Double.BYTES);
                buf.asDoubleBuffer().put(vs, i, m);
                buf.limit(m * Double.BYTES);
                while (buf.hasRemaining()) {
                    pos += ch.write(buf, pos);
                }
                i += m;
            }
            ch.force(false);
        }
        onDisk.put(index, count);
    }

    /** The first {@code count} basis vectors of probe {@code index} as saved. */
    double[] loadBasis(long index, int count, int n) {
        Path file = basisFile(index);
        long bytes = (long) count * n * Double.BYTES;
        double[] vs = new double[count * n];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < bytes) {
                throw new ScratchCorruptedException(file, "holds " + ch.size() + " bytes where the state counts " + bytes);
            }
            ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            long pos = 0;
            int at = 0;
            while (at < vs.length) {
                buf.clear();
                int m = Math.min(vs.length - at, buf.capacity() / Double.BYTES);
                buf.limit(m * Double.BYTES);
                while (buf.hasRemaining()) {
                    int r = ch.read(buf, pos);
                    if (r < 0) {
                        throw new ScratchCorruptedException(file, "ends early");
                    }
                    pos += r;
                }
                buf.flip();
                buf.asDoubleBuffer().get(vs, at, m);
                at += m;
            }
        } catch (NoSuchFileException e) {
            throw new ScratchCorruptedException(file, "is missing");
        } catch (IOException e) {
            throw new ScratchCorruptedException(file, "cannot be read (" + e.getMessage() + ")");
        }
        onDisk.put(index, count);
        return vs;
    }

    private Path basisFile(long index) {
        return dir.dir().resolve(BASIS_PREFIX + index + ".bin");
    }

    private static void deleteBasisFiles(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, BASIS_PREFIX + "*.bin")) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new SpectralException("cannot clean checkpoint directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** After success: removes every file of ours, and the directory when a run of ours created it. */
    void complete() {
        try {
            deleteBasisFiles(dir.dir());
            Files.deleteIfExists(dir.dir().resolve(STATE));
            Files.deleteIfExists(dir.dir().resolve(STATE + ".tmp"));
            dir.removeLockAndDirectory();
        } catch (IOException e) {
            throw new SpectralException("cannot remove checkpoint directory " + dir.dir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dir.close();
    }

    /** A whole array, or null. */
    static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
        writeDoubles(out, a, a == null ? 0 : a.length);
    }

    static void writeDoubles(DataOutputStream out, double[] a, int length) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(length);
        for (int i = 0; i < length; i++) {
            out.writeDouble(a[i]);
        }
    }

    static double[] readDoubles(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        double[] a = new double[length];
        for (int i = 0; i < length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }

    /** Reads an array of exactly the saved length into a prefix of {@code into}. */
    static void readDoublesInto(DataInputStream in, double[] into) throws IOException {
        int length = in.readInt();
        if (length > into.length) {
            throw new IOException("an array of " + length + " values where at most " + into.length + " fit");
        }
        for (int i = 0; i < length; i++) {
            into[i] = in.readDouble();
        }
    }

    static void writeOutcome(DataOutputStream out, ProbeOutcome p) throws IOException {
        out.writeLong(p.index());
        writeDoubles(out, p.values());
        out.writeInt(p.degree());
        out.writeBoolean(p.breakdown());
        out.writeBoolean(p.degreeConverged());
        writeDoubles(out, p.nodes());
        writeDoubles(out, p.weights());
    }

    static ProbeOutcome readOutcome(DataInputStream in) throws IOException {
        return new ProbeOutcome(in.readLong(), readDoubles(in), in.readInt(), in.readBoolean(), in.readBoolean(),
                readDoubles(in), readDoubles(in));
    }
}
