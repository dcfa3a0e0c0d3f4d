package dev.spectral.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers that write small model files byte by byte, independently of the readers under test. */
final class TestModels {
    private TestModels() {}

    /** A tensor to write: name, dtype as the format spells it, shape, and raw little-endian bytes. */
    record Raw(String name, String dtype, long[] shape, byte[] bytes) {}

    static byte[] f32(double... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putFloat((float) x);
        }
        return b.array();
    }

    static byte[] f64(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    static byte[] u16(int... bits) {
        ByteBuffer b = ByteBuffer.allocate(2 * bits.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : bits) {
            b.putShort((short) x);
        }
        return b.array();
    }

    static byte[] i64(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    /** A safetensors file: header JSON written by hand, tensors in the given order. */
    static void safetensors(Path file, List<Raw> tensors) throws IOException {
        StringBuilder json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        for (Raw t : tensors) {
            json.append(",\"").append(t.name().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":[");
            for (int i = 0; i < t.shape().length; i++) {
                json.append(i == 0 ? "" : ",").append(t.shape()[i]);
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + t.bytes().length).append("]}");
            offset += t.bytes().length;
        }
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int pad = (8 - header.length % 8) % 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length + pad);
        out.write(len.array());
        out.write(header);
        out.write(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII));
        for (Raw t : tensors) {
            out.write(t.bytes());
        }
        Files.write(file, out.toByteArray());
    }

    /** Protobuf wire-format encoding, just enough for ONNX test models. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long v) {
            tag(field, 0);
            raw(v);
            return this;
        }

        Proto bytes(int field, byte[] b) {
            tag(field, 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        Proto string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto m) {
            return bytes(field, m.toBytes());
        }

        Proto fixed32(int field, float v) {
            tag(field, 5);
            int bits = Float.floatToIntBits(v);
            for (int i = 0; i < 4; i++) {
                out.write((bits >>> (8 * i)) & 0xff);
            }
            return this;
        }

        private void tag(int field, int wire) {
            raw(((long) field << 3) | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }

    /** A TensorProto with dims, data type, name, and the given extra fields already encoded. */
    static Proto tensor(String name, int dataType, long[] dims) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, dataType);
        t.string(8, name);
        return t;
    }

    /** A ModelProto (ir_version 8, producer "test") whose graph holds the given initializers and one node. */
    static byte[] onnxModel(List<Proto> initializers) {
        Proto graph = new Proto();
        graph.message(1, new Proto().string(1, "x").string(2, "y").string(4, "Identity"));
        graph.string(2, "test-graph");
        for (Proto t : initializers) {
            graph.message(5, t);
        }
        Proto model = new Proto().varint(1, 8).string(2, "test").message(7, graph);
        return model.toBytes();
    }

    static Map<String, String> entries(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Reads a whole tensor through the API under test. */
    static double[] readAll(ModelSource source, String name) {
        TensorInfo t = source.tensors().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        try (TensorData d = source.open(t)) {
            double[] v = new double[(int) t.elementCount()];
            d.read(0, v, 0, v.length);
            return v;
        }
    }
}
