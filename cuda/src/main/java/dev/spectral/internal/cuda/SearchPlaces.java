package dev.spectral.internal.cuda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ordered folders searched for the CUDA toolkit libraries, each with a label saying why it is searched:
 * <ol>
 *   <li>{@code $SPECTRAL_CUDA_HOME} and {@code $CUDA_HOME} (the folder itself, lib64, lib, targets/x86_64-linux/lib);
 *   <li>{@code /usr/local/cuda} then {@code /usr/local/cuda-X.Y}, newest version first (same sub-folders);
 *   <li>every {@code nvidia/**}{@code /lib} folder (depth ≤ 3) of the Python site-packages given, where the NVIDIA pip
 *       wheels that PyTorch depends on put their libraries (nvidia/cublas/lib, nvidia/cu13/lib, ...).
 * </ol>
 * The system loader (LD_LIBRARY_PATH, ld.so.cache) is tried after all of these by {@link LibraryProbe}. Folders that do
 * not exist are left out; folders named {@code stubs} are never searched (they hold link-time fakes).
 *
 * @param places the folders, in search order, without duplicates (by real path)
 */
record SearchPlaces(List<Place> places) {
    /** A folder and why it is searched, e.g. "CUDA_HOME=/opt/cuda (lib64)". */
    record Place(String label, Path dir) {}

    private static final List<String> TOOLKIT_SUBDIRS = List.of("lib64", "lib", "targets/x86_64-linux/lib", "");
    private static final Pattern CUDA_DIR = Pattern.compile("cuda(?:-(\\d+)(?:\\.(\\d+))?)?");

    SearchPlaces {
        places = List.copyOf(places);
    }

    /**
     * The places for this environment.
     *
     * @param env          environment variables (SPECTRAL_CUDA_HOME, CUDA_HOME)
     * @param usrLocal     the folder holding cuda and cuda-X.Y (/usr/local)
     * @param sitePackages Python site-packages folders, in order
     */
    static SearchPlaces of(Map<String, String> env, Path usrLocal, List<Path> sitePackages) {
        List<Place> out = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (String var : List.of("SPECTRAL_CUDA_HOME", "CUDA_HOME")) {
            String value = env.get(var);
            if (value != null && !value.isBlank()) {
                addToolkit(out, seen, var + "=" + value, Path.of(value));
            }
        }
        for (Path home : cudaHomes(usrLocal)) {
            addToolkit(out, seen, home.toString(), home);
        }
        for (Path site : sitePackages) {
            for (Path lib : nvidiaLibDirs(site)) {
                add(out, seen, "Python site-packages " + site, lib);
            }
        }
        return new SearchPlaces(out);
    }

    /** These places without the folders that do not exist. */
    SearchPlaces existing() {
        return new SearchPlaces(places.stream().filter(p -> Files.isDirectory(p.dir())).toList());
    }

    /** One line per place, for "searched ..." messages. */
    List<String> describe() {
        return places.stream().map(p -> p.dir().toString()).toList();
    }

    /** /usr/local/cuda first (the admin's choice), then cuda-X.Y by descending version. */
    static List<Path> cudaHomes(Path usrLocal) {
        if (!Files.isDirectory(usrLocal)) {
            return List.of();
        }
        List<Path> homes = new ArrayList<>();
        try (Stream<Path> s = Files.list(usrLocal)) {
            s.filter(p -> CUDA_DIR.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)).forEach(homes::add);
        } catch (IOException e) {
            return List.of();
        }
        homes.sort(Comparator.comparingLong(SearchPlaces::cudaDirRank).reversed().thenComparing(Path::toString));
        return homes;
    }

    /** "cuda" ranks above every versioned folder; cuda-13.0 above cuda-12.8 above cuda-12. */
    private static long cudaDirRank(Path p) {
        Matcher m = CUDA_DIR.matcher(p.getFileName().toString());
        if (!m.matches() || m.group(1) == null) {
            return Long.MAX_VALUE;
        }
        long major = Long.parseLong(m.group(1));
        long minor = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        return major * 1_000_000 + minor;
    }

    /** The lib folders under site/nvidia, at most three levels down, sorted for a stable order. */
    static List<Path> nvidiaLibDirs(Path site) {
        Path nvidia = site.resolve("nvidia");
        if (!Files.isDirectory(nvidia)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(nvidia, 3)) {
            return s.filter(p -> p.getFileName().toString().equals("lib") && Files.isDirectory(p)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void addToolkit(List<Place> out, Set<Path> seen, String label, Path home) {
        for (String sub : TOOLKIT_SUBDIRS) {
            add(out, seen, label, sub.isEmpty() ? home : home.resolve(sub));
        }
    }

    private static void add(List<Place> out, Set<Path> seen, String label, Path dir) {
        if (!Files.isDirectory(dir) || dir.getFileName() != null && dir.getFileName().toString().equals("stubs")) {
            return;
        }
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            return;
        }
        if (seen.add(real)) {
            out.add(new Place(label, dir));
        }
    }
}
