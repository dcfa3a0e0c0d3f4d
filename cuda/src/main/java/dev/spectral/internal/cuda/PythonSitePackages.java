package dev.spectral.internal.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The site-packages folders where pip's NVIDIA wheels (nvidia-cublas, nvidia-cusolver, ... the CUDA libraries
 * PyTorch uses) may live: those python3 on the PATH reports, then the usual places of virtual environments, conda,
 * pyenv and the system Pythons. Only folders that exist are returned.
 */
final class PythonSitePackages {
    private static final String QUERY = "import site, sys\n"
            + "for p in site.getsitepackages() + [site.getusersitepackages()] + sys.path: print(p)\n";

    private PythonSitePackages() {}

    static List<Path> find(Map<String, String> env) {
        Set<Path> out = new LinkedHashSet<>();
        out.addAll(fromPython());
        for (String var : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) {
                out.addAll(glob(Path.of(v, "lib"), "python3"));
            }
        }
        String home = env.getOrDefault("HOME", "");
        List<Path> roots = new ArrayList<>(List.of(Path.of("/usr/lib"), Path.of("/usr/local/lib"), Path.of("/opt/conda/lib")));
        if (!home.isEmpty()) {
            roots.add(Path.of(home, ".local/lib"));
            try (Stream<Path> s = Files.list(Path.of(home, ".pyenv/versions"))) {
                s.forEach(v -> roots.add(v.resolve("lib")));
            } catch (IOException e) {
                // no pyenv
            }
        }
        for (Path root : roots) {
            out.addAll(glob(root, "python3"));
        }
        return out.stream().filter(Files::isDirectory).toList();
    }

    /** root/python3*&#47;{site,dist}-packages. */
    private static List<Path> glob(Path root, String prefix) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> s = Files.list(root)) {
            s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().forEach(py -> {
                out.add(py.resolve("site-packages"));
                out.add(py.resolve("dist-packages"));
            });
        } catch (IOException e) {
            // unreadable: nothing there for us
        }
        return out;
    }

    /** What python3 says, or nothing when there is no python3 or it does not answer within 10 s. */
    private static List<Path> fromPython() {
        try {
            Process p = new ProcessBuilder("python3", "-c", QUERY).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            byte[] bytes = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return List.of();
            }
            return new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank() && l.startsWith("/"))
                    .map(Path::of).toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
