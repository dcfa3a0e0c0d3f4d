package dev.spectral.internal.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.spectral.spi.Availability;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Runs this package's tests (the GPU contract, parity, leak and kernel-tile tests with the rest) without Maven, on the
 * GPU machine: {@code java -cp 'lib/*' dev.spectral.internal.cuda.GpuCheck OUT}. Writes OUT/info.txt (what was found)
 * and OUT/gpu-tests.txt (one line per test: PASS, FAIL with the message, SKIP with the reason). Exit status: 0 when
 * all ran and passed, 1 on any failure or when no test was found, 3 when no GPU was usable (the GPU tests were all skipped).
 */
public final class GpuCheck {
    private GpuCheck() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "out/gpu-check");
        Files.createDirectories(out);
        Availability a = CudaEnvironment.system().availability();
        List<String> info = new ArrayList<>();
        info.add("cuda backend: " + (a.available() ? "available" : "NOT available"));
        a.reasons().forEach(r -> info.add("  why not: " + r));
        a.details().forEach(d -> info.add("  " + d));
        Files.write(out.resolve("info.txt"), info);
        info.forEach(System.out::println);

        List<String> lines = new ArrayList<>();
        TestExecutionListener perTest = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                lines.add("SKIP " + id.getDisplayName() + " [" + id.getUniqueId() + "]: " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    return;
                }
                String name = id.getDisplayName() + " [" + id.getUniqueId() + "]";
                switch (result.getStatus()) {
                    case SUCCESSFUL -> lines.add("PASS " + name);
                    case ABORTED -> lines.add("SKIP " + name + ": " + result.getThrowable().map(Throwable::getMessage).orElse(""));
                    case FAILED -> lines.add("FAIL " + name + ": " + result.getThrowable().map(Throwable::toString).orElse(""));
                }
            }
        };
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage(GpuCheck.class.getPackageName())).build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, perTest, summary);
        StringWriter text = new StringWriter();
        summary.getSummary().printTo(new PrintWriter(text));
        summary.getSummary().printFailuresTo(new PrintWriter(text), 20);
        lines.add(text.toString());
        Files.write(out.resolve("gpu-tests.txt"), lines);
        System.out.println(text);
        long failed = summary.getSummary().getTotalFailureCount();
        if (summary.getSummary().getTestsFoundCount() == 0) {
            System.out.println("gpu-check: no tests were found (a broken bundle)");
            System.exit(1);
        }
        System.exit(failed > 0 ? 1 : a.available() ? 0 : 3);
    }
}
