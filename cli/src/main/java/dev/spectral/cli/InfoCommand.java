package dev.spectral.cli;

import dev.spectral.Backends;
import dev.spectral.spi.Availability;
import dev.spectral.spi.BackendProvider;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spectral info}: versions, the BLAS in use, and every backend with why it is or is not available. */
@Command(name = "info", description = "Show versions, the native BLAS/LAPACK in use, and which backends (CPU, GPU) are available and why not.")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    record BackendInfo(String name, int priority, boolean available, List<String> reasons, List<String> details) {}

    record InfoResult(String version, String java, int processors, long maxHeapBytes, List<BackendInfo> backends) {}

    @Override
    public Integer call() {
        List<BackendInfo> backends = new ArrayList<>();
        for (BackendProvider p : Backends.providers()) {
            Availability a = p.availability();
            backends.add(new BackendInfo(p.name(), p.priority(), a.available(), a.reasons(), a.details()));
        }
        InfoResult r = new InfoResult(Version.get(), Runtime.version().toString(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(), backends);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json) {
            Output.json(out, r);
            return ExitCodes.OK;
        }
        out.println("spectral " + r.version() + " on Java " + r.java() + ", " + r.processors() + " processors, max heap "
                + (r.maxHeapBytes() >> 20) + " MiB");
        for (BackendInfo b : backends) {
            out.println();
            out.println("backend " + b.name() + ": " + (b.available() ? "available" : "NOT available"));
            for (String reason : b.reasons()) {
                out.println("  why not: " + reason);
            }
            for (String d : b.details()) {
                out.println("  " + d);
            }
        }
        return ExitCodes.OK;
    }
}
