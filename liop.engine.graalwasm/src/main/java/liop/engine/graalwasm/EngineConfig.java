package liop.engine.graalwasm;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The settings of the GraalWasm engine (configuration PID {@value GraalWasmEngineComponent#PID}). */
@ObjectClassDefinition(
        name = "LIOP GraalWasm engine",
        description = "The WebAssembly engine on GraalWasm, from the bundle an operator drops into deploy/.")
public @interface EngineConfig {

    @AttributeDefinition(name = "Name",
            description = "Registered as the service property liop.engine.name; the node's engine.target filter selects on it.")
    String name() default GraalWasmEngine.DEFAULT_NAME;

    @AttributeDefinition(name = "Mode",
            description = "auto runs guests on Truffle's optimizing runtime where the JVM offers it (JVMCI and the Graal compiler "
                    + "on the module path), on its interpreter otherwise; interpreter never compiles; optimizing refuses to start "
                    + "without the optimizing runtime. The service property liop.engine.mode says which one runs.",
            options = {
                @Option(label = "Auto", value = "auto"),
                @Option(label = "Interpreter", value = "interpreter"),
                @Option(label = "Optimizing", value = "optimizing")
            })
    String mode() default "auto";

    @AttributeDefinition(name = "Cache size",
            description = "Compiled modules kept, by SHA-256, least recently used evicted first; 0 keeps none.", min = "0")
    int cache_size() default GraalWasmEngine.DEFAULT_CACHE_SIZE;

    @AttributeDefinition(name = "Service ranking",
            description = "The highest-ranked engine serves requests that name none (unless the node's engine.target says otherwise).")
    int service_ranking() default 0;
}
