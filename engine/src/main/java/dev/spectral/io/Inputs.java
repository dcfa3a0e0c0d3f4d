package dev.spectral.io;

import dev.spectral.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opening input files, and turning IO failures into one-line {@link InvalidInputException}s that name the file. */
final class Inputs {
    private static final int BUFFER = 1 << 16;

    private Inputs() {}

    /** A buffered stream over the file, decompressed when it starts with the gzip magic bytes. */
    static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        return (b1 == 0x1f && b2 == 0x8b) ? new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER) : raw;
    }

    /** The exception to throw when reading {@code file} failed with {@code e}. */
    static InvalidInputException failure(Object file, IOException e) {
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            return new InvalidInputException(file + ": no such file");
        }
        if (e instanceof EOFException) {
            return new InvalidInputException(file + ": truncated (unexpected end of data)");
        }
        if (e instanceof AccessDeniedException) {
            return new InvalidInputException(file + ": permission denied");
        }
        return new InvalidInputException(file + ": cannot read (" + oneLine(String.valueOf(e.getMessage())) + ")", e);
    }

    /** Collapses whitespace runs (newlines included) and shortens, so that quoted file content keeps a message on one line. */
    static String oneLine(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() <= 120 ? t : t.substring(0, 117) + "...";
    }
}
