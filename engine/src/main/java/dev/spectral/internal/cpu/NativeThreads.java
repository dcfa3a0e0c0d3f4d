package dev.spectral.internal.cpu;

import dev.spectral.SpectralException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs native LAPACK calls on threads with a large stack. OpenBLAS's LAPACK puts big work arrays on the stack and has
 * crashed the JVM (SIGSEGV in dgetrf at n = 1000) on threads with the default 1 MB stack; a 256 MB reservation costs
 * only address space.
 */
public final class NativeThreads {
    /** Stack reserved for each native worker thread. */
    public static final long STACK_BYTES = 256L << 20;

    private static final ThreadLocal<Boolean> ON_NATIVE_THREAD = ThreadLocal.withInitial(() -> false);
    private static final ExecutorService POOL = Executors.newCachedThreadPool(new Factory());

    private NativeThreads() {}

    /** Runs {@code task} on a large-stack thread (directly when already on one) and returns its result. */
    public static <T> T call(Callable<T> task) {
        if (ON_NATIVE_THREAD.get()) {
            return callDirect(task);
        }
        Future<T> f = POOL.submit(() -> {
            ON_NATIVE_THREAD.set(true);
            return task.call();
        });
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new SpectralException("interrupted while waiting for a native computation", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new SpectralException(c.getMessage(), c);
        }
    }

    private static <T> T callDirect(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SpectralException(e.getMessage(), e);
        }
    }

    private static final class Factory implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(null, r, "spectral-native-" + count.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        }
    }
}
