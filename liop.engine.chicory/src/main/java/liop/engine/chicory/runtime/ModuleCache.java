package liop.engine.chicory.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compiled modules by SHA-256, least recently used evicted first. Compiling happens outside the
 * lock, so a slow compile never blocks the lookups of other modules; if two threads compile the same
 * module at once, the first one stored wins and both callers get it.
 *
 * @param <M> what a compiled module is
 */
public final class ModuleCache<M> {

    private final int capacity;
    private final Map<String, M> entries;

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

    /** Stores {@code module} unless one is already there; returns the one that is. */
    public synchronized M putIfAbsent(String sha256, M module) {
        if (capacity == 0) {
            return module;
        }
        M existing = entries.putIfAbsent(sha256, module);
        return existing != null ? existing : module;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
