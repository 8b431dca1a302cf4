package liop.engine.support.run;

import java.time.Duration;
import liop.api.engine.WasmEngine;

/**
 * An engine its component can retire: it lets the runs in flight finish before dropping its cache.
 * Both engines are one (through {@link CompiledModules}), so one set of tests holds both to it.
 */
public interface DrainableEngine extends WasmEngine {

    /** How many compiled modules the cache holds. */
    int cachedModules();

    /** How many runs are in progress. */
    int runsInFlight();

    /**
     * Lets the runs in flight finish, for at most {@code timeout}, then drops the cache. Modules
     * compiled earlier, and any compiled later, keep working (uncached): closing never fails a
     * request.
     *
     * @return whether every run finished within {@code timeout}
     */
    boolean close(Duration timeout);
}
