package dev.spectral.internal.estimate;

import dev.spectral.SpectralException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs index ranges on a fixed number of workers. Every call gets exactly the parallelism it asks for (the caller
 * works too), so nested callers can budget threads explicitly instead of sharing one global pool size.
 */
public final class Workers {
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(null, r, "spectral-worker", 16L << 20);
        t.setDaemon(true);
        return t;
    });

    private Workers() {}

    /** The default number of workers: the available processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Calls {@code task} for every index in [0, count) using at most {@code threads} threads; indices are handed out
     * dynamically, so the work per index may vary. Results must not depend on which thread ran which index.
     */
    public static void forEach(int count, int threads, IntConsumer task) {
        int t = Math.max(1, Math.min(threads, count));
        if (t == 1) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable loop = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                task.accept(i);
            }
        };
        List<Future<?>> futures = new ArrayList<>(t - 1);
        for (int w = 1; w < t; w++) {
            futures.add(POOL.submit(loop));
        }
        Throwable failure = null;
        try {
            loop.run();
        } catch (RuntimeException | Error e) {
            failure = e;
            next.set(count);
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : new SpectralException("interrupted while waiting for workers", e);
            } catch (ExecutionException e) {
                failure = failure != null ? failure : e.getCause();
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new SpectralException(failure.getMessage(), failure);
        }
    }
}
