package dev.spectral.internal.cuda;

import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and opens one CUDA library. Search order: each place of {@link SearchPlaces} in turn, and within a place the
 * newest accepted soname first; then the system loader with each soname. The first file that opens wins. Place before
 * version, so that SPECTRAL_CUDA_HOME or CUDA_HOME pointing at an older toolkit is obeyed.
 */
final class LibraryProbe {
    /** Opens a library: an absolute path, or a bare soname for the system loader. */
    interface Loader {
        Dl.Opened open(String pathOrSoname) throws Dl.LoadException;
    }

    /** The result of probing one library. */
    sealed interface Result {
        CudaLibrary library();
    }

    /**
     * A library that opened.
     *
     * @param soname the accepted soname it matched
     * @param file   the file the dynamic loader mapped
     * @param place  where it was found: a {@link SearchPlaces.Place} label or "the system loader"
     */
    record Found(CudaLibrary library, String soname, Path file, String place, SymbolLookup symbols) implements Result {
        int major() {
            return library.major(soname);
        }
    }

    /**
     * A library that did not open.
     *
     * @param searched the folders looked in
     * @param failures files that exist but would not open, each with dlerror()'s message
     */
    record Missing(CudaLibrary library, List<String> searched, List<String> failures) implements Result {
        Missing {
            searched = List.copyOf(searched);
            failures = List.copyOf(failures);
        }

        /** "libcublas.so.13 or libcublas.so.12 not found in /a, /b, nor by the system loader (x failed: why)". */
        String reason() {
            String names = String.join(" or ", library.sonames());
            String where = searched.isEmpty() ? "not found by the system loader"
                    : "not found in " + String.join(", ", searched) + ", nor by the system loader";
            String fail = failures.isEmpty() ? "" : " (" + String.join("; ", failures) + ")";
            return names + " " + where + fail;
        }
    }

    static final String SYSTEM_LOADER = "the system loader";

    private LibraryProbe() {}

    /** The absolute paths tried, in order, before the system loader. Pure: looks only at which files exist. */
    static List<Path> candidates(CudaLibrary library, SearchPlaces places) {
        List<Path> out = new ArrayList<>();
        for (SearchPlaces.Place place : places.places()) {
            for (String soname : library.sonames()) {
                Path file = place.dir().resolve(soname);
                if (Files.exists(file)) {
                    out.add(file);
                }
            }
        }
        return out;
    }

    /** Finds and opens the library. */
    static Result probe(CudaLibrary library, SearchPlaces places, Loader loader) {
        List<String> failures = new ArrayList<>();
        for (SearchPlaces.Place place : places.places()) {
            for (String soname : library.sonames()) {
                Path file = place.dir().resolve(soname);
                if (!Files.exists(file)) {
                    continue;
                }
                try {
                    Dl.Opened opened = loader.open(file.toAbsolutePath().toString());
                    return new Found(library, soname, opened.file(), place.label(), opened.symbols());
                } catch (Dl.LoadException e) {
                    failures.add(file + " would not load: " + e.getMessage());
                }
            }
        }
        for (String soname : library.sonames()) {
            try {
                Dl.Opened opened = loader.open(soname);
                return new Found(library, soname, opened.file(), SYSTEM_LOADER, opened.symbols());
            } catch (Dl.LoadException e) {
                // "cannot open shared object file" only means it is not there; anything else is worth reporting.
                if (!e.getMessage().contains("No such file")) {
                    failures.add(soname + " (system loader) would not load: " + e.getMessage());
                }
            }
        }
        return new Missing(library, places.describe(), failures);
    }
}
