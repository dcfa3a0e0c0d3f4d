package dev.spectral.internal.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files are tried, in which order, and what is said when none opens; with dummy files and a recording loader. */
class LibraryProbeTest {
    @TempDir
    Path root;

    /** Records every open; succeeds only for the names given, fails with "No such file" for bare sonames otherwise. */
    private static final class FakeLoader implements LibraryProbe.Loader {
        final List<String> calls = new ArrayList<>();
        final Set<String> good;

        FakeLoader(Set<String> good) {
            this.good = good;
        }

        @Override
        public Dl.Opened open(String pathOrSoname) throws Dl.LoadException {
            calls.add(pathOrSoname);
            if (good.contains(pathOrSoname)) {
                return new Dl.Opened(SymbolLookup.loaderLookup(), Path.of(pathOrSoname));
            }
            if (!pathOrSoname.contains("/")) {
                throw new Dl.LoadException(pathOrSoname + ": cannot open shared object file: No such file or directory");
            }
            throw new Dl.LoadException(pathOrSoname + ": invalid ELF header");
        }
    }

    private Path file(String relative) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "not a library");
    }

    private SearchPlaces places(String... dirs) {
        return new SearchPlaces(List.of(dirs).stream().map(d -> new SearchPlaces.Place("label " + d, root.resolve(d))).toList());
    }

    @Test
    void placeBeforeVersionAndNewestSonameFirstWithinAPlace() throws IOException {
        Path a12 = file("a/libcublas.so.12");
        Path b13 = file("b/libcublas.so.13");
        Path b12 = file("b/libcublas.so.12");
        file("b/libcublas.so"); // unversioned development link: never tried
        assertEquals(List.of(a12, b13, b12), LibraryProbe.candidates(CudaLibrary.CUBLAS, places("a", "b")));
    }

    @Test
    void theFirstFileThatOpensWinsAndItsPlaceIsRecorded() throws IOException {
        Path a13 = file("a/libcusolver.so.12");
        Path b11 = file("b/libcusolver.so.11");
        FakeLoader loader = new FakeLoader(Set.of(b11.toString()));
        LibraryProbe.Result r = LibraryProbe.probe(CudaLibrary.CUSOLVER, places("a", "b"), loader);
        LibraryProbe.Found f = assertInstanceOf(LibraryProbe.Found.class, r);
        assertEquals(List.of(a13.toString(), b11.toString()), loader.calls);
        assertEquals("libcusolver.so.11", f.soname());
        assertEquals(11, f.major());
        assertEquals("label b", f.place());
    }

    @Test
    void theSystemLoaderComesLastWithEachSoname() throws IOException {
        file("a/libcudart.so.12");
        FakeLoader loader = new FakeLoader(Set.of("libcudart.so.12"));
        LibraryProbe.Found f = assertInstanceOf(LibraryProbe.Found.class,
                LibraryProbe.probe(CudaLibrary.CUDART, places("a"), loader));
        assertEquals(List.of(root.resolve("a/libcudart.so.12").toString(), "libcudart.so.13", "libcudart.so.12"), loader.calls);
        assertEquals(LibraryProbe.SYSTEM_LOADER, f.place());
    }

    @Test
    void missingSaysWhereItLookedAndWhyFilesFailed() throws IOException {
        Path bad = file("a/libcurand.so.10");
        Files.createDirectories(root.resolve("b"));
        LibraryProbe.Missing m = assertInstanceOf(LibraryProbe.Missing.class,
                LibraryProbe.probe(CudaLibrary.CURAND, places("a", "b"), new FakeLoader(Set.of())));
        assertEquals(List.of(root.resolve("a").toString(), root.resolve("b").toString()), m.searched());
        assertEquals("libcurand.so.10 not found in " + root.resolve("a") + ", " + root.resolve("b")
                + ", nor by the system loader (" + bad + " would not load: " + bad + ": invalid ELF header)", m.reason());
    }

    @Test
    void withNoFolderOnlyTheSystemLoaderIsMentioned() {
        LibraryProbe.Missing m = assertInstanceOf(LibraryProbe.Missing.class,
                LibraryProbe.probe(CudaLibrary.DRIVER, places(), new FakeLoader(Set.of())));
        assertEquals("libcuda.so.1 not found by the system loader", m.reason());
    }

    @Test
    void realDlopenReportsDlerrorForAFileThatIsNotALibrary() throws IOException {
        Path junk = file("x/libcudart.so.13");
        Dl.LoadException e = assertThrows(Dl.LoadException.class, () -> Dl.open(junk.toString()));
        // glibc says "file too short" or "invalid ELF header" depending on the size; both name the file.
        assertTrue(e.getMessage().startsWith(junk.toString() + ": "), e.getMessage());
        Dl.LoadException none = assertThrows(Dl.LoadException.class, () -> Dl.open("libspectral-no-such-lib.so.7"));
        assertTrue(none.getMessage().contains("No such file"), none.getMessage());
    }

    @Test
    void realDlopenThroughTheSystemLoaderFindsTheMappedFile() throws Exception {
        Dl.Opened libc = Dl.open("libc.so.6");
        assertTrue(libc.file().isAbsolute() && libc.file().getFileName().toString().startsWith("libc"), libc.file().toString());
        assertTrue(libc.symbols().find("strlen").isPresent());
        assertTrue(libc.symbols().find("no_such_symbol_in_libc").isEmpty());
    }

    @Test
    void theRealProbeOfThisMachineFindsTheInstalledRuntime() {
        Path cudart = Path.of("/usr/local/cuda-13.0/lib/libcudart.so.13");
        assumeTrue(Files.exists(cudart), "no CUDA 13 runtime under /usr/local/cuda-13.0 on this machine");
        SearchPlaces places = SearchPlaces.of(Map.of(), Path.of("/usr/local"), List.of());
        LibraryProbe.Found f = assertInstanceOf(LibraryProbe.Found.class, LibraryProbe.probe(CudaLibrary.CUDART, places, Dl::open));
        assertEquals("libcudart.so.13", f.soname());
        assertTrue(f.symbols().find("cudaGetDeviceCount").isPresent());
    }
}
