package liop.engine.chicory;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The settings of one extra Chicory engine (a factory configuration of {@value ExtraChicoryEngineComponent#FACTORY_PID}). */
@ObjectClassDefinition(
        name = "LIOP Chicory engine (extra)",
        description = "One more engine from the Chicory bundle, next to the default one, e.g. an interpreter to compare with.")
public @interface ExtraEngineConfig {

    @AttributeDefinition(name = "Name",
            description = "Registered as the service property liop.engine.name. Empty: chicory-<name of the factory configuration>, "
                    + "e.g. chicory-interpreter for " + ExtraChicoryEngineComponent.FACTORY_PID + "~interpreter.",
            required = false)
    String name() default "";

    @AttributeDefinition(name = "Mode",
            description = "compiler translates modules to JVM bytecode once (fast runs); interpreter starts instantly but runs about 30 times slower.",
            options = {@Option(label = "Compiler", value = "compiler"), @Option(label = "Interpreter", value = "interpreter")})
    String mode() default "compiler";

    @AttributeDefinition(name = "Cache size",
            description = "Compiled modules kept, by SHA-256, least recently used evicted first; 0 keeps none.", min = "0")
    int cache_size() default ChicoryEngine.DEFAULT_CACHE_SIZE;

    @AttributeDefinition(name = "Cache bytes",
            description = "Bytes of modules the compiled modules kept may come from together (least recently used evicted first); "
                    + "a compiled module takes about 40 times its size in heap. A larger module is compiled for every request.", min = "0")
    long cache_max_bytes() default ChicoryEngine.DEFAULT_CACHE_MAX_BYTES;

    @AttributeDefinition(name = "Service ranking",
            description = "The highest-ranked engine serves requests that name none (unless the node's engine.target says otherwise).")
    int service_ranking() default 0;
}
