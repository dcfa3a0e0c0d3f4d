package dev.spectral.estimate;

import dev.spectral.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where a long SLQ run keeps its state, so that a killed or crashed run continues where it stopped instead of
 * starting over. The state holds the finished probes and, for the block of probes in progress, every Lanczos
 * process (its two current vectors, tridiagonal coefficients and quadrature history; with full reorthogonalization
 * also its basis, appended to one file per probe). It is written to a temporary file, forced to disk and renamed over
 * the previous one after a Lanczos step once {@code interval} has passed since the last save, and at the end of every
 * block of probes, so a crash loses at most one interval of work. A resumed run returns the same bits as an
 * uninterrupted one, whatever the Java thread counts of either; OpenBLAS's thread count, which can change the rounding
 * of an operator's products, must match and is checked. The files are removed when the run succeeds.
 *
 * @param directory        where the state is kept; locked while a run uses it
 * @param operatorIdentity what the operator is (for example its kind and a checksum of its data): a resume whose
 *                         operator identity, order, function, SLQ options or OpenBLAS thread count differ from the
 *                         saved run's is refused
 * @param resume           continue from the state in {@code directory}; without it a directory that already holds a
 *                         state is refused, so that a run never overwrites another run's work by accident
 * @param interval         the least time between saves inside a block ({@link Duration#ZERO}: after every step)
 * @param listener         told after every Lanczos step and every save, or null
 */
public record SlqCheckpoint(Path directory, String operatorIdentity, boolean resume, Duration interval,
                            Consumer<SlqProgress> listener) {
    /** Saves at most once a minute inside a block: one Lanczos step of a matrix-free kernel can take minutes. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    public SlqCheckpoint {
        if (directory == null || operatorIdentity == null || operatorIdentity.isBlank()) {
            throw new InvalidInputException("an SLQ checkpoint needs a directory and an operator identity");
        }
        if (interval == null || interval.isNegative()) {
            throw new InvalidInputException("the checkpoint interval must be zero or positive, got " + interval);
        }
    }

    /** A fresh run (no resume), saved at {@link #DEFAULT_INTERVAL}, without a listener. */
    public static SlqCheckpoint at(Path directory, String operatorIdentity) {
        return new SlqCheckpoint(directory, operatorIdentity, false, DEFAULT_INTERVAL, null);
    }

    public SlqCheckpoint resuming() {
        return new SlqCheckpoint(directory, operatorIdentity, true, interval, listener);
    }

    public SlqCheckpoint withInterval(Duration d) {
        return new SlqCheckpoint(directory, operatorIdentity, resume, d, listener);
    }

    public SlqCheckpoint withListener(Consumer<SlqProgress> l) {
        return new SlqCheckpoint(directory, operatorIdentity, resume, interval, l);
    }
}
