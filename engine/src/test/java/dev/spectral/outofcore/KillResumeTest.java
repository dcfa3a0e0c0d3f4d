package dev.spectral.outofcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spectral.linalg.Factorization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a child JVM at several moments, then resume: the result equals an uninterrupted run bit for bit. */
class KillResumeTest {
    private static final int N = 1100;
    private static final int B = 50; // 22 block columns

    @TempDir
    Path tmp;

    private static int committed(Path dir) throws Exception {
        Path state = dir.resolve("ooc-state.txt");
        if (!Files.exists(state)) {
            return 0;
        }
        for (String line : Files.readAllLines(state)) {
            if (line.startsWith("committed ")) {
                return Integer.parseInt(line.substring(10));
            }
        }
        return 0;
    }

    @Test
    void killedRunsResumeToTheSameBits() throws Exception {
        OutOfCoreResult whole = OutOfCore.factor(OutOfCoreChild.source(N), OutOfCoreOptions.of(Factorization.LDL,
                1L << 30).withBlockSize(B).withScratchDir(tmp.resolve("whole")));
        Path dir = tmp.resolve("scratch");
        Path out = tmp.resolve("out.txt");
        String[] args = {dir.toString(), "LDL", Integer.toString(N), Integer.toString(B), out.toString(), "40"};
        Random rnd = new Random(5);
        int[] killAtCommitted = {2, -1, 9, -1};
        int kills = 0;
        for (int target : killAtCommitted) {
            Process p = ChildJvm.builder(OutOfCoreChild.class, List.of(), args)
                    .redirectOutput(tmp.resolve("child" + kills + ".log").toFile()).start();
            if (target > 0) {
                while (p.isAlive() && committed(dir) < target) {
                    Thread.sleep(5);
                }
            } else {
                // An arbitrary moment: mid-column, mid-write, mid-commit.
                long until = System.nanoTime() + (300 + rnd.nextInt(700)) * 1_000_000L;
                while (p.isAlive() && System.nanoTime() < until) {
                    Thread.sleep(2);
                }
            }
            assertTrue(p.isAlive(), "the child should still be running when killed (kill " + kills + ")");
            p.destroyForcibly().waitFor();
            kills++;
        }
        assertTrue(committed(dir) > 0 && committed(dir) < 22, "a partial run is on disk: " + committed(dir));
        ChildJvm.Result last = ChildJvm.run(OutOfCoreChild.class, List.of(), tmp.resolve("last.log"), args);
        assertEquals(0, last.exitCode(), last.output());
        String result = Files.readString(out);
        assertTrue(!result.contains("resumed 0\n"), "the last run resumed: " + result);
        assertEquals(OutOfCoreChild.describe(whole), result.substring(0, result.indexOf("resumed")));
        assertTrue(Files.notExists(dir), "scratch removed after success");
    }
}
