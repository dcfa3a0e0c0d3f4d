package dev.spectral.outofcore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a class of the test class path in a fresh JVM (the same java binary and flags the tests use). */
final class ChildJvm {
    private ChildJvm() {}

    static ProcessBuilder builder(Class<?> main, List<String> jvmFlags, String... args) {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xss16m");
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    /** Runs to completion and returns exit code and output. */
    static Result run(Class<?> main, List<String> jvmFlags, Path log, String... args) throws IOException,
            InterruptedException {
        Process p = builder(main, jvmFlags, args).redirectOutput(log.toFile()).start();
        int code = p.waitFor();
        return new Result(code, Files.readString(log));
    }

    record Result(int exitCode, String output) {}
}
