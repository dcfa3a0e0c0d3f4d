package dev.spectral.io;

import dev.spectral.InvalidInputException;
import dev.spectral.matrix.DenseMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * NumPy {@code .npz} archives as written by {@code np.savez} (stored) and {@code np.savez_compressed} (deflated): a zip
 * of {@code .npy} entries, one per array, named after the array. Each array is read as by {@link Npy#read}.
 */
public final class Npz {
    private static final String SUFFIX = ".npy";

    private Npz() {}

    /** The array names in archive order (entry names without ".npy"). */
    public static List<String> names(Path file) {
        try (ZipFile zip = open(file)) {
            return names(zip);
        } catch (IOException e) {
            throw Inputs.failure(file, e);
        }
    }

    /** Reads the first array of the archive (the only one, typically). */
    public static DenseMatrix read(Path file) {
        try (ZipFile zip = open(file)) {
            List<String> names = names(zip);
            if (names.isEmpty()) {
                throw new InvalidInputException(file + ": the .npz archive holds no arrays");
            }
            return read(file, zip, names.getFirst());
        } catch (IOException e) {
            throw Inputs.failure(file, e);
        }
    }

    /** Reads the array called {@code name}. */
    public static DenseMatrix read(Path file, String name) {
        try (ZipFile zip = open(file)) {
            return read(file, zip, name);
        } catch (IOException e) {
            throw Inputs.failure(file, e);
        }
    }

    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new InvalidInputException(file + ": not a .npz (zip) archive (" + Inputs.oneLine(String.valueOf(e.getMessage())) + ")");
        }
    }

    private static List<String> names(ZipFile zip) {
        List<String> names = new ArrayList<>();
        for (ZipEntry e : Collections.list(zip.entries())) {
            if (!e.isDirectory() && e.getName().endsWith(SUFFIX)) {
                names.add(e.getName().substring(0, e.getName().length() - SUFFIX.length()));
            }
        }
        return names;
    }

    private static DenseMatrix read(Path file, ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name + SUFFIX);
        if (entry == null) {
            throw new InvalidInputException(file + ": no array '" + name + "' in the archive (it holds " + names(zip) + ")");
        }
        String source = file + ":" + entry.getName();
        try (InputStream in = zip.getInputStream(entry)) {
            Npy.Header h = Npy.header(source, in);
            if (entry.getSize() >= 0) {
                Npy.checkDataSize(source, h, entry.getSize() - h.dataOffset());
            }
            return Npy.decode(source, h, Channels.newChannel(in));
        } catch (ZipException e) {
            throw new InvalidInputException(source + ": corrupt archive entry (" + Inputs.oneLine(String.valueOf(e.getMessage())) + ")");
        }
    }
}
