package liop.api.engine;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A WebAssembly engine able to run WASI preview1 command modules. Registered as an OSGi service with
 * the property {@value #NAME_PROPERTY}; the node selects one by ranking or by a target filter.
 *
 * <p>Implementations are thread-safe. Guest faults never surface as exceptions from
 * {@link CompiledModule#run}: they are reported in the {@link RunResult}.
 */
@ConsumerType
public interface WasmEngine {

    /** Service property carrying the engine's name, e.g. {@code chicory}. */
    String NAME_PROPERTY = "liop.engine.name";

    /** What this engine is: name, implementation, version and execution mode. */
    EngineInfo info();

    /**
     * Validates and compiles a module. Engines may cache compiled modules by {@code sha256}.
     *
     * @param wasm the module's binary form
     * @param sha256 the lowercase hex SHA-256 of {@code wasm}, computed once by the caller
     * @throws InvalidModuleException if the engine cannot parse, validate or compile the module
     */
    CompiledModule compile(byte[] wasm, String sha256) throws InvalidModuleException;
}
