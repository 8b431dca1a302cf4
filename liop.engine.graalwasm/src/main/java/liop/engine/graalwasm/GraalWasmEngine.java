package liop.engine.graalwasm;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import liop.api.engine.CompiledModule;
import liop.api.engine.EngineInfo;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.WasmEngine;
import liop.engine.graalwasm.runtime.GraalWasm;
import liop.engine.graalwasm.runtime.LoadedModule;
import liop.engine.graalwasm.runtime.ModuleLoader;
import liop.engine.support.run.InFlightRuns;
import liop.engine.support.run.ModuleCache;
import liop.engine.support.run.ModuleHash;
import org.graalvm.polyglot.PolyglotException;

/**
 * A {@link WasmEngine} on GraalWasm, Oracle's WebAssembly engine on the Truffle framework. On a
 * stock JDK it runs guests in Truffle's interpreter; on a JVM set up with JVMCI and the Graal
 * compiler it compiles hot guest code to machine code ({@link EngineInfo#mode()} says which).
 *
 * <p>It gives the same results as the Chicory engine: it checks modules by the same rules, answers
 * WASI calls with the same functions and confined preopens, and words traps and limits the same.
 *
 * <p>Usable on its own, e.g. in tests:
 *
 * <pre>{@code
 * WasmEngine engine = new GraalWasmEngine("graalwasm", ExecutionMode.AUTO, 64);
 * RunResult result = engine.compile(wasm, sha256).run(Sandbox.of(stdin));
 * }</pre>
 *
 * In OSGi the {@link GraalWasmEngineComponent} creates and registers it.
 */
public final class GraalWasmEngine implements WasmEngine {

    public static final String DEFAULT_NAME = "graalwasm";
    public static final int DEFAULT_CACHE_SIZE = 64;
    static final String GRAALVM_VERSION = graalvmVersion();
    private static final System.Logger LOG = System.getLogger(GraalWasmEngine.class.getName());

    private final EngineInfo info;
    private final GraalWasm graalWasm;
    private final ModuleCache<GraalWasmModule> cache;
    private final InFlightRuns inFlight = new InFlightRuns();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closed;

    /**
     * @param name the engine's name, registered as {@value WasmEngine#NAME_PROPERTY}
     * @param mode the Truffle runtime to ask for
     * @param cacheSize how many compiled modules to keep, least recently used evicted first
     * @throws IllegalStateException if {@code mode} is optimizing and the JVM does not offer it
     */
    public GraalWasmEngine(String name, ExecutionMode mode, int cacheSize) {
        this.graalWasm = GraalWasm.start(mode);
        this.info = new EngineInfo(name, "GraalWasm", GRAALVM_VERSION, graalWasm.mode());
        this.cache = new ModuleCache<>(cacheSize);
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    /** Truffle's name for the runtime behind this engine, e.g. {@code Interpreted} for the fallback runtime. */
    public String runtimeName() {
        return graalWasm.runtimeName();
    }

    /**
     * Compiles {@code wasm}, or returns the module compiled earlier from the same SHA-256.
     *
     * @throws IllegalArgumentException if {@code sha256} is not the digest of {@code wasm}
     */
    @Override
    public CompiledModule compile(byte[] wasm, String sha256) throws InvalidModuleException {
        Objects.requireNonNull(wasm, "wasm");
        Objects.requireNonNull(sha256, "sha256");
        if (closed) {
            return load(wasm, sha256);
        }
        return cache.getOrLoad(sha256, () -> load(wasm, sha256));
    }

    private GraalWasmModule load(byte[] wasm, String sha256) throws InvalidModuleException {
        // Checked on a miss only: it keeps the cache from storing bytes under another module's hash.
        ModuleHash.requireDigest(wasm, sha256);
        String hash = ModuleHash.shortForm(sha256);
        long started = System.nanoTime();
        LoadedModule loaded;
        try {
            loaded = ModuleLoader.load(wasm, hash);
            graalWasm.validate(loaded.declaredSource());
        } catch (InvalidModuleException e) {
            LOG.log(DEBUG, "engine {0}: module {1} refused: {2}", info.name(), hash, e.getMessage());
            throw e;
        } catch (PolyglotException e) {
            LOG.log(DEBUG, "engine {0}: module {1} refused by GraalWasm: {2}", info.name(), hash, e.getMessage());
            throw new InvalidModuleException("the module could not be compiled: " + e.getMessage(), e);
        }
        LOG.log(DEBUG, "engine {0}: module {1} compiled in {2} ms", info.name(), hash,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return new GraalWasmModule(sha256, info, graalWasm, loaded, inFlight, random);
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
     * request. The polyglot engine is left to close itself once nothing references it any more.
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
            LOG.log(INFO, "engine {0} stopped", info);
        } else {
            LOG.log(WARNING, "engine {0} stopped with {1} runs still in flight after {2} s; they finish on their own",
                    info, inFlight.running(), timeout.toSeconds());
        }
        cache.clear();
        return drained;
    }

    @Override
    public String toString() {
        return info.toString();
    }

    private static String graalvmVersion() {
        try (InputStream in = GraalWasmEngine.class.getResourceAsStream("graalwasm.properties")) {
            Properties properties = new Properties();
            properties.load(Objects.requireNonNull(in, "graalwasm.properties"));
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
