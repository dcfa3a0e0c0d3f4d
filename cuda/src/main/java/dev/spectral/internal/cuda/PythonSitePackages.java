package dev.spectral.internal.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The site-packages folders where pip's NVIDIA wheels (nvidia-cublas, nvidia-cusolver, ... the CUDA libraries
 * PyTorch uses) may live, found without starting Python (which costs a few hundred milliseconds on every CLI run
 * through pyenv's shims): PYTHONPATH, the active virtual or conda environment, the prefix of each python3 on the
 * PATH, pyenv's versions, conda, the user site and the system Pythons. Only folders that exist are returned.
 */
final class PythonSitePackages {
    private PythonSitePackages() {}

    static List<Path> find(Map<String, String> env) {
        Set<Path> out = new LinkedHashSet<>();
        for (String entry : env.getOrDefault("PYTHONPATH", "").split(":")) {
            if (!entry.isBlank()) {
                out.add(Path.of(entry));
            }
        }
        List<Path> prefixes = new ArrayList<>();
        for (String var : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String v = env.get(var);
            if (v != null && !v.isBlank()) {
                prefixes.add(Path.of(v));
            }
        }
        for (String dir : env.getOrDefault("PATH", "").split(":")) {
            Path python = dir.isBlank() ? null : Path.of(dir, "python3");
            if (python != null && Files.isExecutable(python)) {
                try {
                    // <prefix>/bin/python3 -> <prefix>; a pyenv shim resolves to itself and is covered below.
                    Path bin = python.toRealPath().getParent();
                    if (bin != null && bin.getParent() != null) {
                        prefixes.add(bin.getParent());
                    }
                } catch (IOException e) {
                    // a dangling link: no Python there
                }
            }
        }
        String home = env.getOrDefault("HOME", "");
        if (!home.isEmpty()) {
            prefixes.add(Path.of(home, ".local"));
            try (Stream<Path> s = Files.list(Path.of(home, ".pyenv/versions"))) {
                s.sorted().forEach(prefixes::add);
            } catch (IOException e) {
                // no pyenv
            }
        }
        prefixes.addAll(List.of(Path.of("/opt/conda"), Path.of("/usr/local"), Path.of("/usr")));
        for (Path prefix : prefixes) {
            out.addAll(sitePackages(prefix.resolve("lib")));
        }
        out.add(Path.of("/usr/lib/python3/dist-packages"));
        return out.stream().filter(Files::isDirectory).toList();
    }

    /** lib/python3*&#47;{site,dist}-packages. */
    static List<Path> sitePackages(Path lib) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(lib)) {
            return out;
        }
        try (Stream<Path> s = Files.list(lib)) {
            s.filter(p -> p.getFileName().toString().startsWith("python3")).sorted().forEach(py -> {
                out.add(py.resolve("site-packages"));
                out.add(py.resolve("dist-packages"));
            });
        } catch (IOException e) {
            // unreadable: nothing there for us
        }
        return out;
    }
}
