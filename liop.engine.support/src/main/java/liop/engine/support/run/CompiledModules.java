package liop.engine.support.run;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.time.Duration;
import java.util.Objects;
import liop.api.engine.EngineInfo;
import liop.api.engine.InvalidModuleException;

/**
 * What an engine does around compiling, the same on both engines: the cache by SHA-256 (one
 * compilation however many ask), the digest check, the log lines, the count of runs in flight and
 * closing. The engine composes one and supplies only how its runtime compiles a module.
 *
 * @param <M> the engine's compiled module
 */
public final class CompiledModules<M> {

    /** Compiles a module whose bytes match their SHA-256; may refuse it. */
    @FunctionalInterface
    public interface Compiler<M> {
        /**
         * @param hash the short form of the module's SHA-256, for messages
         */
        M compile(byte[] wasm, String sha256, String hash) throws InvalidModuleException;
    }

    /**
     * A refusal by the runtime under the engine rather than by the shared checks, logged as refused
     * by that runtime ({@link EngineInfo#implementation()}) with the runtime's own words.
     */
    public static final class RefusedByRuntime extends InvalidModuleException {
        private static final long serialVersionUID = 1L;

        public RefusedByRuntime(Throwable cause) {
            super("the module could not be compiled: " + cause.getMessage(), cause);
        }
    }

    private final EngineInfo info;
    private final ModuleCache<M> cache;
    private final InFlightRuns inFlight = new InFlightRuns();
    private final System.Logger log;
    private final Compiler<M> compiler;
    private volatile boolean closed;

    /**
     * @param log the engine's logger, so that the lines are the engine's
     */
    public CompiledModules(EngineInfo info, ModuleCache<M> cache, System.Logger log, Compiler<M> compiler) {
        this.info = Objects.requireNonNull(info, "info");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.log = Objects.requireNonNull(log, "log");
        this.compiler = Objects.requireNonNull(compiler, "compiler");
    }

    /**
     * Compiles {@code wasm}, or returns the module compiled earlier from the same SHA-256; after
     * {@link #close(Duration)}, compiles it uncached.
     *
     * @throws IllegalArgumentException if {@code sha256} is not the digest of {@code wasm}
     */
    public M compile(byte[] wasm, String sha256) throws InvalidModuleException {
        Objects.requireNonNull(wasm, "wasm");
        Objects.requireNonNull(sha256, "sha256");
        if (closed) {
            return load(wasm, sha256);
        }
        return cache.getOrLoad(sha256, () -> load(wasm, sha256));
    }

    private M load(byte[] wasm, String sha256) throws InvalidModuleException {
        // Checked on a miss only: it keeps the cache from storing bytes under another module's hash.
        ModuleHash.requireDigest(wasm, sha256);
        String hash = ModuleHash.shortForm(sha256);
        long started = System.nanoTime();
        M module;
        try {
            module = compiler.compile(wasm, sha256, hash);
        } catch (RefusedByRuntime e) {
            log.log(DEBUG, "engine {0}: module {1} refused by {2}: {3}", info.name(), hash, info.implementation(),
                    e.getCause().getMessage());
            throw e;
        } catch (InvalidModuleException e) {
            log.log(DEBUG, "engine {0}: module {1} refused: {2}", info.name(), hash, e.getMessage());
            throw e;
        }
        log.log(DEBUG, "engine {0}: module {1} compiled in {2} ms", info.name(), hash,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return module;
    }

    /** The count the engine's runs report their start and end to. */
    public InFlightRuns inFlight() {
        return inFlight;
    }

    /** How many compiled modules the cache holds. */
    public int cachedModules() {
        return cache.size();
    }

    /** How many runs are in progress. */
    public int runsInFlight() {
        return inFlight.running();
    }

    /**
     * Lets the runs in flight finish, for at most {@code timeout}, then drops the cache. Modules
     * compiled earlier, and any compiled later, keep working (uncached): closing never fails a
     * request.
     *
     * @return whether every run finished within {@code timeout}
     */
    public boolean close(Duration timeout) {
        closed = true;
        boolean drained;
        try {
            drained = inFlight.awaitNone(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (drained) {
            log.log(INFO, "engine {0} stopped", info);
        } else {
            log.log(WARNING, "engine {0} stopped with {1} runs still in flight after {2} s; they finish on their own",
                    info, inFlight.running(), timeout.toSeconds());
        }
        cache.clear();
        return drained;
    }
}
