package liop.engine.support.run;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.ToLongFunction;
import liop.api.engine.InvalidModuleException;

/**
 * Compiled modules by SHA-256, least recently used evicted first, bounded both in number and in the
 * bytes of the modules they were compiled from (a compiled module takes tens of times its size in
 * heap, so a few large modules weigh more than many small ones). Compiling happens outside the
 * lock, so a slow compile never blocks the lookups of other modules. Concurrent requests for the
 * same module share one compile: hundreds of agents sending the same new module at once cost one
 * compilation, not hundreds.
 *
 * @param <M> what a compiled module is
 */
public final class ModuleCache<M> {

    /** Compiles a module; may refuse it. */
    @FunctionalInterface
    public interface Loader<M> {
        M load() throws InvalidModuleException;
    }

    private final int capacity;
    private final long maxBytes;
    private final ToLongFunction<M> bytes;
    private final Map<String, M> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, CompletableFuture<M>> loading = new HashMap<>();
    private long heldBytes;

    /** A cache that holds at most {@code capacity} modules, whatever their size. */
    public ModuleCache(int capacity) {
        this(capacity, Long.MAX_VALUE, module -> 0);
    }

    /**
     * @param capacity how many modules to keep; 0 keeps none
     * @param maxBytes how many bytes the modules kept may weigh together; a module heavier on its
     *     own is compiled for every request
     * @param bytes what a module weighs: the size of the bytes it was compiled from
     */
    public ModuleCache(int capacity, long maxBytes, ToLongFunction<M> bytes) {
        if (capacity < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("cache limits must not be negative: " + capacity + " modules, " + maxBytes + " bytes");
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.bytes = bytes;
    }

    public synchronized M get(String sha256) {
        return entries.get(sha256);
    }

    /**
     * Returns the cached module, or loads it: the first caller for a hash runs {@code loader}, the
     * others wait for its result (or its refusal).
     */
    public M getOrLoad(String sha256, Loader<M> loader) throws InvalidModuleException {
        CompletableFuture<M> mine;
        CompletableFuture<M> theirs;
        synchronized (this) {
            M cached = entries.get(sha256);
            if (cached != null) {
                return cached;
            }
            theirs = loading.get(sha256);
            mine = theirs == null ? new CompletableFuture<>() : null;
            if (mine != null) {
                loading.put(sha256, mine);
            }
        }
        if (theirs != null) {
            return await(theirs);
        }
        try {
            M module = loader.load();
            synchronized (this) {
                keep(sha256, module);
                loading.remove(sha256);
            }
            mine.complete(module);
            return module;
        } catch (InvalidModuleException | RuntimeException | Error e) {
            synchronized (this) {
                loading.remove(sha256);
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static <M> M await(CompletableFuture<M> pending) throws InvalidModuleException {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidModuleException("interrupted while waiting for the module to compile", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidModuleException invalid) {
                throw invalid;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("compiling the module failed", e.getCause());
        }
    }

    /** Adds {@code module}, unless it alone exceeds a limit, then evicts the least recently used until both hold again. */
    private void keep(String sha256, M module) {
        long weight = bytes.applyAsLong(module);
        if (capacity == 0 || weight > maxBytes) {
            return;
        }
        M replaced = entries.put(sha256, module);
        heldBytes += weight - (replaced == null ? 0 : bytes.applyAsLong(replaced));
        Iterator<M> eldest = entries.values().iterator();
        while ((entries.size() > capacity || heldBytes > maxBytes) && eldest.hasNext()) {
            heldBytes -= bytes.applyAsLong(eldest.next());
            eldest.remove();
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    /** What the modules held weigh together. */
    public synchronized long bytes() {
        return heldBytes;
    }

    public synchronized void clear() {
        entries.clear();
        heldBytes = 0;
    }
}
