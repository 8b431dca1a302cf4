package liop.engine.graalwasm;

import java.security.SecureRandom;
import java.time.Duration;
import liop.api.engine.CompiledModule;
import liop.api.engine.EngineInfo;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.WasmEngine;
import liop.engine.graalwasm.runtime.GraalWasm;
import liop.engine.graalwasm.runtime.LoadedModule;
import liop.engine.graalwasm.runtime.ModuleLoader;
import liop.engine.support.run.CompiledModules;
import liop.engine.support.run.DrainableEngine;
import liop.engine.support.run.ModuleCache;
import liop.engine.support.run.RuntimeVersion;
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
public final class GraalWasmEngine implements DrainableEngine {

    public static final String DEFAULT_NAME = "graalwasm";
    public static final int DEFAULT_CACHE_SIZE = 64;
    static final String GRAALVM_VERSION = RuntimeVersion.of(GraalWasmEngine.class, "graalwasm.properties");
    private static final System.Logger LOG = System.getLogger(GraalWasmEngine.class.getName());

    private final EngineInfo info;
    private final GraalWasm graalWasm;
    private final CompiledModules<GraalWasmModule> modules;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param name the engine's name, registered as {@value WasmEngine#NAME_PROPERTY}
     * @param mode the Truffle runtime to ask for
     * @param cacheSize how many compiled modules to keep, least recently used evicted first
     * @throws IllegalStateException if {@code mode} is optimizing and the JVM does not offer it
     */
    public GraalWasmEngine(String name, ExecutionMode mode, int cacheSize) {
        this.graalWasm = GraalWasm.start(mode);
        this.info = new EngineInfo(name, "GraalWasm", GRAALVM_VERSION, graalWasm.mode());
        this.modules = new CompiledModules<>(info, new ModuleCache<>(cacheSize), LOG, this::load);
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
        return modules.compile(wasm, sha256);
    }

    private GraalWasmModule load(byte[] wasm, String sha256, String hash) throws InvalidModuleException {
        LoadedModule loaded;
        try {
            loaded = ModuleLoader.load(wasm, hash);
            graalWasm.validate(loaded.declaredSource());
        } catch (PolyglotException e) {
            throw new CompiledModules.RefusedByRuntime(e);
        }
        return new GraalWasmModule(sha256, info, graalWasm, loaded, modules.inFlight(), random);
    }

    @Override
    public int cachedModules() {
        return modules.cachedModules();
    }

    @Override
    public int runsInFlight() {
        return modules.runsInFlight();
    }

    /**
     * {@inheritDoc} The polyglot engine is left to close itself once nothing references it any more.
     */
    @Override
    public boolean close(Duration timeout) {
        return modules.close(timeout);
    }

    @Override
    public String toString() {
        return info.toString();
    }
}
