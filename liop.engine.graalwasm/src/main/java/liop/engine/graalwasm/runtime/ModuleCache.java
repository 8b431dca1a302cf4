package liop.engine.graalwasm.runtime;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import liop.api.engine.InvalidModuleException;

/**
 * Compiled modules by SHA-256, least recently used evicted first. Compiling happens outside the
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
    private final Map<String, M> entries;
    private final Map<String, CompletableFuture<M>> loading = new HashMap<>();

    /** @param capacity how many modules to keep; 0 keeps none */
    public ModuleCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("cache size must not be negative: " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, M> eldest) {
                return size() > ModuleCache.this.capacity;
            }
        };
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
                if (capacity > 0) {
                    entries.put(sha256, module);
                }
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

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
