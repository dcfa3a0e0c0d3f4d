package dev.spectral;

import dev.spectral.spi.BackendProvider;
import dev.spectral.spi.BackendUnavailableException;
import dev.spectral.spi.DenseBackend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds backends. {@code open("cpu")} always works; {@code open("cuda")} works when a GPU and the CUDA libraries are
 * present and otherwise throws with the reason; {@code open("auto")} takes the available backend of highest priority.
 */
public final class Backends {
    private Backends() {}

    /** Every provider on the class path, highest priority first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).forEach(list::add);
        list.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return list;
    }

    /** The provider with this name. */
    public static BackendProvider provider(String name) {
        for (BackendProvider p : providers()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        List<String> names = providers().stream().map(BackendProvider::name).toList();
        throw new InvalidInputException("unknown backend '" + name + "'; known: auto, " + String.join(", ", names));
    }

    /** Opens a backend by name ("auto", "cpu", "cuda"). */
    public static DenseBackend open(String name) {
        if (name.equalsIgnoreCase("auto")) {
            for (BackendProvider p : providers()) {
                if (p.availability().available()) {
                    return p.open();
                }
            }
            throw new SpectralException("no backend is available (the CPU backend should always be)");
        }
        BackendProvider p = provider(name);
        if (!p.availability().available()) {
            throw new BackendUnavailableException(p.name(), p.availability());
        }
        return p.open();
    }

    /** The CPU backend (netlib BLAS/LAPACK, native OpenBLAS when installed). */
    public static DenseBackend cpu() {
        return open("cpu");
    }
}
