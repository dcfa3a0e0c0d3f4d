package dev.spectral.internal.weights;

import dev.spectral.InvalidInputException;
import dev.spectral.weights.DType;
import dev.spectral.weights.ModelSource;
import dev.spectral.weights.TensorData;
import dev.spectral.weights.TensorInfo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The initializers of an ONNX model's main graph, found by a minimal protobuf walk: ModelProto.graph (7) →
 * GraphProto.initializer (5) → TensorProto {dims 1, data_type 2, float_data 4, name 8, raw_data 9, double_data 10,
 * external_data 13, data_location 14}. Only byte offsets are recorded; each tensor's bytes are mapped when it is
 * opened. Supported storage: raw_data, packed float_data / double_data, and external data files (location, offset,
 * length) next to the model. Other variants (float16 in int32_data, segmented tensors, unpacked repeated floats) are
 * listed and fail with a one-line reason when opened. Weights held in Constant nodes or subgraphs are not listed.
 */
public final class OnnxSource implements ModelSource {
    private static final String[] TYPE_NAMES = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32",
            "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16",
            "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ", "UINT4", "INT4", "FLOAT4E2M1"};

    /** Where a tensor's bytes are: in the model file, in an external file, or nowhere we can read (with why). */
    private record Location(Path file, long offset, long length, String problem) {}

    private record Entry(TensorInfo info, Location location) {}

    private final Path path;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final List<TensorInfo> tensors;

    private OnnxSource(Path path, List<Entry> list) {
        this.path = path;
        List<TensorInfo> infos = new ArrayList<>();
        for (Entry e : list) {
            if (entries.putIfAbsent(e.info.name(), e) == null) {
                infos.add(e.info);
            }
        }
        this.tensors = List.copyOf(infos);
    }

    public static OnnxSource open(Path file) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = MappedFiles.whole(file, arena);
            return new OnnxSource(file, parseModel(file, seg));
        }
    }

    private static List<Entry> parseModel(Path file, MemorySegment seg) {
        String src = file.toString();
        ProtoReader model = new ProtoReader(seg, 0, seg.byteSize(), src);
        List<Entry> list = new ArrayList<>();
        boolean sawGraph = false;
        while (model.hasNext()) {
            int field = model.nextField();
            if (field == 7 && model.wireType() == ProtoReader.LENGTH_DELIMITED) {
                long[] g = model.lengthDelimited();
                sawGraph = true;
                ProtoReader graph = new ProtoReader(seg, g[0], g[1], src);
                while (graph.hasNext()) {
                    int gf = graph.nextField();
                    if (gf == 5 && graph.wireType() == ProtoReader.LENGTH_DELIMITED) {
                        long[] t = graph.lengthDelimited();
                        list.add(tensor(file, seg, t[0], t[1], list.size()));
                    } else {
                        graph.skip();
                    }
                }
            } else {
                model.skip();
            }
        }
        if (!sawGraph) {
            throw new InvalidInputException(file + ": not an ONNX model (no graph found)");
        }
        return list;
    }

    private static Entry tensor(Path file, MemorySegment seg, long start, long end, int ordinal) {
        ProtoReader r = new ProtoReader(seg, start, end, file.toString());
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = null;
        long[] raw = null;
        long[] packed = null;
        String problem = null;
        Map<String, String> external = new LinkedHashMap<>();
        int dataLocation = 0;
        while (r.hasNext()) {
            int f = r.nextField();
            switch (f) {
                case 1 -> {
                    if (r.wireType() == ProtoReader.LENGTH_DELIMITED) {
                        long[] s = r.lengthDelimited();
                        ProtoReader p = new ProtoReader(seg, s[0], s[1], file.toString());
                        while (p.hasNext()) {
                            dims.add(p.varint());
                        }
                    } else {
                        r.requireWire(ProtoReader.VARINT);
                        dims.add(r.varint());
                    }
                }
                case 2 -> {
                    r.requireWire(ProtoReader.VARINT);
                    dataType = (int) r.varint();
                }
                case 3 -> {
                    problem = "segmented tensors (TensorProto.segment) are not supported";
                    r.skip();
                }
                case 4, 10 -> {
                    if (r.wireType() == ProtoReader.LENGTH_DELIMITED) {
                        packed = r.lengthDelimited();
                    } else {
                        problem = "unpacked repeated " + (f == 4 ? "float_data" : "double_data") + " is not supported";
                        r.skip();
                    }
                }
                case 5, 7, 11 -> {
                    problem = "values stored in int32_data/int64_data/uint64_data are not supported (export with raw_data)";
                    r.skip();
                }
                case 8 -> {
                    r.requireWire(ProtoReader.LENGTH_DELIMITED);
                    name = r.string();
                }
                case 9 -> raw = r.lengthDelimited();
                case 13 -> {
                    long[] s = r.lengthDelimited();
                    ProtoReader kv = new ProtoReader(seg, s[0], s[1], file.toString());
                    String key = null;
                    String value = null;
                    while (kv.hasNext()) {
                        int k = kv.nextField();
                        if (k == 1 && kv.wireType() == ProtoReader.LENGTH_DELIMITED) {
                            key = kv.string();
                        } else if (k == 2 && kv.wireType() == ProtoReader.LENGTH_DELIMITED) {
                            value = kv.string();
                        } else {
                            kv.skip();
                        }
                    }
                    if (key != null) {
                        external.put(key, value == null ? "" : value);
                    }
                }
                case 14 -> {
                    r.requireWire(ProtoReader.VARINT);
                    dataLocation = (int) r.varint();
                }
                default -> r.skip();
            }
        }
        if (name == null || name.isEmpty()) {
            name = "initializer_" + ordinal;
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i);
            if (shape[i] < 0) {
                throw new InvalidInputException(file + ": initializer " + name + " has a negative dimension");
            }
        }
        String typeName = dataType >= 0 && dataType < TYPE_NAMES.length ? TYPE_NAMES[dataType] : "type " + dataType;
        DType dtype = switch (dataType) {
            case 1 -> DType.FLOAT32;
            case 10 -> DType.FLOAT16;
            case 11 -> DType.FLOAT64;
            case 16 -> DType.BFLOAT16;
            default -> DType.UNSUPPORTED;
        };
        TensorInfo info = new TensorInfo(name, shape, dtype, typeName);
        try {
            info.elementCount();
        } catch (ArithmeticException e) {
            throw new InvalidInputException(file + ": initializer " + name + " has a shape that overflows");
        }
        Location loc;
        if (problem != null) {
            loc = new Location(null, 0, 0, problem);
        } else if (dataLocation == 1 || !external.isEmpty()) {
            loc = externalLocation(file, name, external);
        } else if (raw != null) {
            loc = new Location(file, raw[0], raw[1] - raw[0], null);
        } else if (packed != null) {
            boolean matches = (dtype == DType.FLOAT32 && dataType == 1) || (dtype == DType.FLOAT64 && dataType == 11);
            loc = matches ? new Location(file, packed[0], packed[1] - packed[0], null)
                    : new Location(null, 0, 0, "typed data field does not match data_type " + typeName);
        } else if (info.elementCount() == 0) {
            loc = new Location(file, 0, 0, null);
        } else {
            loc = new Location(null, 0, 0, "no data (no raw_data, float_data or external data)");
        }
        return new Entry(info, loc);
    }

    private static Location externalLocation(Path file, String name, Map<String, String> kv) {
        String location = kv.get("location");
        if (location == null || location.isEmpty()) {
            return new Location(null, 0, 0, "external data without a location");
        }
        Path dir = file.toAbsolutePath().getParent();
        Path target = dir.resolve(location).normalize();
        if (!target.startsWith(dir)) {
            return new Location(null, 0, 0, "external data location " + location + " lies outside the model folder");
        }
        long offset;
        long length;
        try {
            offset = Long.parseLong(kv.getOrDefault("offset", "0"));
            length = kv.containsKey("length") ? Long.parseLong(kv.get("length")) : -1;
        } catch (NumberFormatException e) {
            return new Location(null, 0, 0, "external data offset/length is not an integer");
        }
        return new Location(target, offset, length, null);
    }

    @Override
    public String format() {
        return "onnx";
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
            throw new InvalidInputException(path + ": no initializer named " + tensor.name());
        }
        TensorInfo info = e.info;
        if (!info.dtype().isReadable()) {
            throw new InvalidInputException(info.name() + ": dtype " + info.dtypeName() + " is not a floating-point type");
        }
        Location loc = e.location;
        if (loc.problem != null) {
            throw new InvalidInputException(path + ": initializer " + info.name() + ": " + loc.problem);
        }
        long need = info.elementCount() * info.dtype().bytes();
        long length = loc.length < 0 ? need : loc.length;
        if (length != need) {
            throw new InvalidInputException(path + ": initializer " + info.name() + " has " + length
                    + " bytes of data but shape " + info.shapeString() + " of " + info.dtypeName() + " needs " + need);
        }
        return MappedFiles.tensor(info, loc.file, loc.offset, length, ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() {
        // Nothing is held open between tensors.
    }
}
