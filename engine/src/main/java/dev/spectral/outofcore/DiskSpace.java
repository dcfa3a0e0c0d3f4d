package dev.spectral.outofcore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How much space is left for scratch files in a directory (replaceable so that a full disk can be simulated). */
@FunctionalInterface
public interface DiskSpace {
    long usableBytes(Path directory) throws IOException;

    /** The file system's own answer: {@code FileStore.getUsableSpace()}. */
    DiskSpace FILE_STORE = dir -> Files.getFileStore(dir).getUsableSpace();
}
