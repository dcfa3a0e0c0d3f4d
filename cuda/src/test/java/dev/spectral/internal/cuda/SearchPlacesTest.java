package dev.spectral.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search order over a fake file system: environment first, then /usr/local/cuda*, then pip wheels. */
class SearchPlacesTest {
    @TempDir
    Path root;

    private Path dir(String relative) throws IOException {
        return Files.createDirectories(root.resolve(relative));
    }

    @Test
    void environmentThenUsrLocalNewestFirstThenWheels() throws IOException {
        Path spectralHome = dir("spectral-cuda");
        dir("spectral-cuda/lib64");
        Path cudaHome = dir("opt/cuda");
        dir("opt/cuda/targets/x86_64-linux/lib");
        Path usrLocal = dir("usr/local");
        for (String v : List.of("cuda-12", "cuda-12.8", "cuda-13.0", "cuda")) {
            dir("usr/local/" + v + "/lib64");
        }
        dir("usr/local/cudnn/lib64"); // not a CUDA toolkit folder name
        Path site = dir("site-packages");
        dir("site-packages/nvidia/cublas/lib");
        dir("site-packages/nvidia/cu13/lib");
        dir("site-packages/nvidia/a/b/lib");
        dir("site-packages/nvidia/a/b/c/lib"); // deeper than three levels: not searched

        SearchPlaces places = SearchPlaces.of(Map.of("SPECTRAL_CUDA_HOME", spectralHome.toString(),
                "CUDA_HOME", cudaHome.toString()), usrLocal, List.of(site));

        List<Path> expected = List.of(spectralHome.resolve("lib64"), spectralHome,
                cudaHome.resolve("targets/x86_64-linux/lib"), cudaHome,
                usrLocal.resolve("cuda/lib64"), usrLocal.resolve("cuda"),
                usrLocal.resolve("cuda-13.0/lib64"), usrLocal.resolve("cuda-13.0"),
                usrLocal.resolve("cuda-12.8/lib64"), usrLocal.resolve("cuda-12.8"),
                usrLocal.resolve("cuda-12/lib64"), usrLocal.resolve("cuda-12"),
                site.resolve("nvidia/a/b/lib"), site.resolve("nvidia/cu13/lib"), site.resolve("nvidia/cublas/lib"));
        assertEquals(expected, places.places().stream().map(SearchPlaces.Place::dir).toList());
        assertEquals("SPECTRAL_CUDA_HOME=" + spectralHome, places.places().get(0).label());
        assertEquals("CUDA_HOME=" + cudaHome, places.places().get(2).label());
        assertEquals("Python site-packages " + site, places.places().get(12).label());
    }

    @Test
    void duplicatesByRealPathAndStubsAreLeftOut() throws IOException {
        Path usrLocal = dir("usr/local");
        Path real = dir("usr/local/cuda-13.0/lib");
        Files.createSymbolicLink(usrLocal.resolve("cuda"), usrLocal.resolve("cuda-13.0"));
        Files.createSymbolicLink(usrLocal.resolve("cuda-13.0/lib64"), real);
        Path stubs = dir("usr/local/cuda-13.0/lib/stubs");

        SearchPlaces places = SearchPlaces.of(Map.of("CUDA_HOME", stubs.toString()), usrLocal, List.of());

        // /usr/local/cuda -> cuda-13.0 and lib64 -> lib: one folder (searched under its first name), and no stubs.
        assertEquals(List.of(usrLocal.resolve("cuda/lib64"), usrLocal.resolve("cuda")),
                places.places().stream().map(SearchPlaces.Place::dir).toList());
    }

    @Test
    void nothingThereMeansNoPlaces() {
        SearchPlaces places = SearchPlaces.of(Map.of("CUDA_HOME", root.resolve("missing").toString()),
                root.resolve("no-usr-local"), List.of(root.resolve("no-site")));
        assertEquals(List.of(), places.places());
    }
}
