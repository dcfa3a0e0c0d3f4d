package dev.spectral.outofcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory cap holds in a JVM that cannot exceed it: the factorization runs in a child JVM whose heap is the cap plus
 * a stated JVM overhead of {@value #HEAP_OVERHEAD_MB} MB (class metadata aside, the heap holds only our buffers and a
 * few small objects), with the serial collector so the heap does not grow past what is live. The child's peak resident
 * set (VmHWM) may grow by at most the cap plus {@value #RSS_OVERHEAD_MB} MB over its warmed-up baseline: that allowance
 * covers the heap overhead above, garbage awaiting collection, JIT code, and netlib/OpenBLAS working memory beyond what
 * the warm-up touched. A negative control gives the same run half the cap as heap and expects it to fail, which shows
 * the buffers really are where the cap says.
 */
class MemoryCapTest {
    static final int HEAP_OVERHEAD_MB = 64;
    static final int RSS_OVERHEAD_MB = 96;
    private static final long CAP = 96L << 20;
    private static final int N = 5000;

    @TempDir
    Path tmp;

    @Test
    void factorizationStaysUnderItsCap() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/status")), "needs Linux /proc");
        Plan plan = OutOfCore.plan(N, dev.spectral.linalg.Factorization.CHOLESKY, CAP);
        assertTrue(plan.blocks() >= 3, "several blocks: " + plan.blocks());
        long heapMb = (CAP >> 20) + HEAP_OVERHEAD_MB;
        ChildJvm.Result ok = ChildJvm.run(MemoryChild.class, List.of("-Xmx" + heapMb + "m", "-XX:+UseSerialGC"),
                tmp.resolve("ok.log"), Long.toString(CAP), Integer.toString(N), tmp.resolve("s1").toString());
        assertEquals(0, ok.exitCode(), ok.output());
        Matcher m = Pattern.compile("base=(\\d+) peak=(\\d+)").matcher(ok.output());
        assertTrue(m.find(), ok.output());
        long growthKb = Long.parseLong(m.group(2)) - Long.parseLong(m.group(1));
        long allowedKb = (CAP >> 10) + (RSS_OVERHEAD_MB << 10);
        assertTrue(growthKb <= allowedKb, "resident set grew by " + growthKb + " kB, allowed " + allowedKb + " kB: "
                + ok.output());

        ChildJvm.Result starved = ChildJvm.run(MemoryChild.class, List.of("-Xmx" + (CAP >> 21) + "m",
                "-XX:+UseSerialGC"), tmp.resolve("starved.log"), Long.toString(CAP), Integer.toString(N),
                tmp.resolve("s2").toString());
        assertNotEquals(0, starved.exitCode(), "half the cap as heap must not be enough: " + starved.output());
        assertTrue(starved.output().contains("OutOfMemoryError"), starved.output());
    }
}
