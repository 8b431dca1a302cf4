package liop.engine.chicory;

import java.security.SecureRandom;
import java.time.Duration;
import liop.api.engine.CompiledModule;
import liop.api.engine.EngineInfo;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.WasmEngine;
import liop.engine.chicory.runtime.LoadedModule;
import liop.engine.chicory.runtime.ModuleLoader;
import liop.engine.support.run.CompiledModules;
import liop.engine.support.run.DrainableEngine;
import liop.engine.support.run.ModuleCache;
import liop.engine.support.run.RuntimeVersion;

/**
 * A {@link WasmEngine} on Chicory, a WebAssembly runtime written in pure Java: no native code, so a
 * guest can only do what the JVM objects handed to it allow.
 *
 * <p>Usable on its own, e.g. in tests:
 *
 * <pre>{@code
 * WasmEngine engine = new ChicoryEngine("chicory", ExecutionMode.COMPILER, 64);
 * RunResult result = engine.compile(wasm, sha256).run(Sandbox.of(stdin));
 * }</pre>
 *
 * In OSGi the {@link ChicoryEngineComponent} creates and registers it.
 */
public final class ChicoryEngine implements DrainableEngine {

    public static final String DEFAULT_NAME = "chicory";
    public static final int DEFAULT_CACHE_SIZE = 64;
    /**
     * 8 MiB of modules: a compiled module takes about 40 times its size in heap (Chicory's parsed
     * instructions, plus the JVM classes in compiler mode), so about 330 MiB at most.
     */
    public static final long DEFAULT_CACHE_MAX_BYTES = 8L << 20;
    static final String CHICORY_VERSION = RuntimeVersion.of(ChicoryEngine.class, "chicory.properties");
    private static final System.Logger LOG = System.getLogger(ChicoryEngine.class.getName());

    private final EngineInfo info;
    private final ExecutionMode mode;
    private final CompiledModules<ChicoryModule> modules;
    private final SecureRandom random = new SecureRandom();

    /** An engine whose cache holds up to {@value #DEFAULT_CACHE_MAX_BYTES} bytes of modules. */
    public ChicoryEngine(String name, ExecutionMode mode, int cacheSize) {
        this(name, mode, cacheSize, DEFAULT_CACHE_MAX_BYTES);
    }

    /**
     * @param name the engine's name, registered as {@value WasmEngine#NAME_PROPERTY}
     * @param mode compiler or interpreter
     * @param cacheSize how many compiled modules to keep, least recently used evicted first
     * @param cacheMaxBytes how many bytes of modules the compiled modules kept may come from
     */
    public ChicoryEngine(String name, ExecutionMode mode, int cacheSize, long cacheMaxBytes) {
        this.info = new EngineInfo(name, "Chicory", CHICORY_VERSION, mode.configValue());
        this.mode = mode;
        this.modules = new CompiledModules<>(info,
                new ModuleCache<>(cacheSize, cacheMaxBytes, ChicoryModule::wasmBytes), LOG, this::load);
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    /**
     * Compiles {@code wasm}, or returns the module compiled earlier from the same SHA-256.
     *
     * <p>Compiling has no deadline: it runs on the caller's thread, and neither Chicory's parser nor
     * its compiler can be interrupted. What bounds it is the size of the module, so the node's
     * {@code module.max.bytes} is the limit that matters. Measured on this project's build machine
     * (JDK 25, CPU time): about 1 s per MB of ordinary code in compiler mode and 0.5 s in
     * interpreter mode (parsing, validation and the call depth rewrite); up to 3 s and 1.2 s per MB
     * for pathological code such as a million nested blocks; and about 40 times the module's size
     * in heap while compiling and for as long as the compiled module is kept. A 16 MiB module can
     * thus take most of a minute and over 600 MiB. Concurrent requests for the same new module share
     * one compilation; different modules compile side by side, as many as the node runs at once.
     *
     * @throws IllegalArgumentException if {@code sha256} is not the digest of {@code wasm}
     */
    @Override
    public CompiledModule compile(byte[] wasm, String sha256) throws InvalidModuleException {
        return modules.compile(wasm, sha256);
    }

    private ChicoryModule load(byte[] wasm, String sha256, String hash) throws InvalidModuleException {
        LoadedModule loaded = ModuleLoader.load(wasm, mode);
        return new ChicoryModule(sha256, wasm.length, info, loaded, modules.inFlight(), random);
    }

    @Override
    public int cachedModules() {
        return modules.cachedModules();
    }

    @Override
    public int runsInFlight() {
        return modules.runsInFlight();
    }

    @Override
    public boolean close(Duration timeout) {
        return modules.close(timeout);
    }

    @Override
    public String toString() {
        return info.toString();
    }
}
