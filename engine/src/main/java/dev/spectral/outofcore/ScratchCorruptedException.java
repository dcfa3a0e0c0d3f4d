package dev.spectral.outofcore;

import dev.spectral.SpectralException;
import java.nio.file.Path;

/** A scratch file is truncated, corrupted (checksum mismatch) or unreadable; the message names the file. */
public final class ScratchCorruptedException extends SpectralException {
    private final transient Path file;

    public ScratchCorruptedException(Path file, String problem) {
        super("scratch file " + file + " " + problem + "; delete the scratch directory " + file.getParent()
                + " to start over");
        this.file = file;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }
}
