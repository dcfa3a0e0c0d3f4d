package dev.spectral.internal.weights;

import dev.spectral.InvalidInputException;
import dev.spectral.weights.DType;
import dev.spectral.weights.ModelSource;
import dev.spectral.weights.TensorData;
import dev.spectral.weights.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * safetensors files: an 8-byte little-endian header length, a JSON header mapping each tensor name to its dtype,
 * shape and [begin, end) byte offsets relative to the end of the header, then the raw little-endian data. Sharded
 * checkpoints list shard files in {@code model.safetensors.index.json} ("weight_map": tensor -> file).
 */
public final class SafetensorsSource implements ModelSource {
    /** The format caps headers at 100 MB; a larger length means this is not a safetensors file. */
    static final long MAX_HEADER = 100L << 20;

    private record Entry(TensorInfo info, Path file, long offset, long length) {}

    private final Path path;
    private final List<TensorInfo> tensors;
    private final Map<String, Entry> entries;

    private SafetensorsSource(Path path, List<Entry> list) {
        this.path = path;
        this.entries = new LinkedHashMap<>();
        for (Entry e : list) {
            if (entries.put(e.info.name(), e) != null) {
                throw new InvalidInputException(path + ": tensor " + e.info.name() + " appears in more than one shard");
            }
        }
        this.tensors = list.stream().map(Entry::info).toList();
    }

    /** One .safetensors file. */
    public static SafetensorsSource file(Path file) {
        return new SafetensorsSource(file, readHeader(file));
    }

    /** A folder: the shards named by model.safetensors.index.json when present, else every *.safetensors file. */
    public static SafetensorsSource folder(Path dir) {
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(index)) {
            return index(index);
        }
        List<Path> shards = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".safetensors") && Files.isRegularFile(p))
                    .sorted().forEach(shards::add);
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list the folder (" + e.getMessage() + ")", e);
        }
        if (shards.isEmpty()) {
            throw new InvalidInputException(dir + ": no *.safetensors files and no model.safetensors.index.json");
        }
        List<Entry> all = new ArrayList<>();
        for (Path p : shards) {
            all.addAll(readHeader(p));
        }
        return new SafetensorsSource(dir, all);
    }

    /** A sharded checkpoint described by its index file. */
    public static SafetensorsSource index(Path indexFile) {
        String text;
        try {
            if (Files.size(indexFile) > MAX_HEADER) {
                throw new InvalidInputException(indexFile + ": index file larger than 100 MB");
            }
            text = Files.readString(indexFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(indexFile + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (!(Json.parse(text, indexFile.toString()) instanceof Json.Obj root)
                || !(root.get("weight_map") instanceof Json.Obj map)) {
            throw new InvalidInputException(indexFile + ": not a safetensors index (no \"weight_map\" object)");
        }
        Path dir = indexFile.toAbsolutePath().getParent();
        Map<String, String> tensorToShard = new HashMap<>();
        TreeSet<String> shardNames = new TreeSet<>();
        for (var m : map.members().entrySet()) {
            if (!(m.getValue() instanceof Json.Str s)) {
                throw new InvalidInputException(indexFile + ": weight_map entry " + m.getKey() + " is not a file name");
            }
            Path shard = dir.resolve(s.value()).normalize();
            if (!shard.startsWith(dir)) {
                throw new InvalidInputException(indexFile + ": shard " + s.value() + " lies outside the model folder");
            }
            tensorToShard.put(m.getKey(), s.value());
            shardNames.add(s.value());
        }
        List<Entry> all = new ArrayList<>();
        for (String shard : shardNames) {
            for (Entry e : readHeader(dir.resolve(shard))) {
                String owner = tensorToShard.get(e.info.name());
                if (shard.equals(owner)) {
                    all.add(e);
                }
            }
        }
        if (all.size() != tensorToShard.size()) {
            var found = all.stream().map(e -> e.info.name()).collect(java.util.stream.Collectors.toSet());
            String missing = tensorToShard.keySet().stream().filter(n -> !found.contains(n)).sorted().findFirst()
                    .orElse("?");
            throw new InvalidInputException(indexFile + ": the index lists tensor " + missing + " in shard "
                    + tensorToShard.get(missing) + ", which does not contain it");
        }
        return new SafetensorsSource(indexFile, all);
    }

    private static List<Entry> readHeader(Path file) {
        long size = MappedFiles.size(file);
        String text;
        long dataStart;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer pre = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (size < 8 || ch.read(pre, 0) < 8) {
                throw new InvalidInputException(file + ": not a safetensors file (shorter than 8 bytes)");
            }
            long len = pre.getLong(0);
            if (len < 2 || len > MAX_HEADER || len > size - 8) {
                throw new InvalidInputException(file + ": not a safetensors file or truncated (header length "
                        + Long.toUnsignedString(len) + ", file size " + size + ")");
            }
            ByteBuffer h = ByteBuffer.allocate((int) len);
            while (h.hasRemaining()) {
                if (ch.read(h, 8 + h.position()) < 0) {
                    throw new InvalidInputException(file + ": truncated safetensors header");
                }
            }
            text = new String(h.array(), StandardCharsets.UTF_8);
            dataStart = 8 + len;
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (!(Json.parse(text.stripTrailing(), file.toString()) instanceof Json.Obj root)) {
            throw new InvalidInputException(file + ": safetensors header is not a JSON object");
        }
        List<Entry> list = new ArrayList<>();
        for (var m : root.members().entrySet()) {
            if (m.getKey().equals("__metadata__")) {
                continue;
            }
            list.add(entry(file, m.getKey(), m.getValue(), dataStart));
        }
        list.sort(Comparator.comparingLong(Entry::offset));
        return list;
    }

    private static Entry entry(Path file, String name, Json.Value v, long dataStart) {
        String where = file + ": tensor " + name;
        if (!(v instanceof Json.Obj o) || !(o.get("dtype") instanceof Json.Str dt) || !(o.get("shape") instanceof Json.Arr sh)
                || !(o.get("data_offsets") instanceof Json.Arr off) || off.items().size() != 2) {
            throw new InvalidInputException(where + ": header entry needs dtype, shape and data_offsets [begin, end]");
        }
        long[] shape = new long[sh.items().size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(sh.items().get(i) instanceof Json.Num n) || (shape[i] = n.asLong(where + " shape")) < 0) {
                throw new InvalidInputException(where + ": shape must hold non-negative integers");
            }
        }
        if (!(off.items().get(0) instanceof Json.Num b) || !(off.items().get(1) instanceof Json.Num e)) {
            throw new InvalidInputException(where + ": data_offsets must be two integers");
        }
        long begin = b.asLong(where + " data_offsets");
        long end = e.asLong(where + " data_offsets");
        if (begin < 0 || end < begin) {
            throw new InvalidInputException(where + ": data_offsets [" + begin + ", " + end + "] are not an interval");
        }
        TensorInfo info = new TensorInfo(name, shape, dtype(dt.value()), dt.value());
        try {
            info.elementCount();
        } catch (ArithmeticException ex) {
            throw new InvalidInputException(where + ": shape " + info.shapeString() + " overflows");
        }
        return new Entry(info, file, dataStart + begin, end - begin);
    }

    static DType dtype(String name) {
        return switch (name) {
            case "F64" -> DType.FLOAT64;
            case "F32" -> DType.FLOAT32;
            case "F16" -> DType.FLOAT16;
            case "BF16" -> DType.BFLOAT16;
            default -> DType.UNSUPPORTED;
        };
    }

    @Override
    public String format() {
        return "safetensors";
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<TensorInfo> tensors() {
        return tensors;
    }

    @Override
    public TensorData open(TensorInfo tensor) {
        Entry e = entries.get(tensor.name());
        if (e == null) {
            throw new InvalidInputException(path + ": no tensor named " + tensor.name());
        }
        if (!e.info.dtype().isReadable()) {
            throw new InvalidInputException(e.info.name() + ": dtype " + e.info.dtypeName() + " is not a floating-point type");
        }
        long need = e.info.elementCount() * e.info.dtype().bytes();
        if (need != e.length) {
            throw new InvalidInputException(e.file + ": tensor " + e.info.name() + " has " + e.length
                    + " bytes of data but shape " + e.info.shapeString() + " of " + e.info.dtypeName() + " needs " + need);
        }
        return MappedFiles.tensor(e.info, e.file, e.offset, e.length, ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() {
        // Nothing is held open between tensors.
    }
}
