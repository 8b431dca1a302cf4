package liop.node;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The Data Node's settings, Config Admin PID {@code liop.node}. Every one can change at run time. */
@ObjectClassDefinition(name = "LIOP Data Node", description = "Limits and engine selection of the Data Node pipeline.")
public @interface NodeConfig {

    String PID = "liop.node";

    @AttributeDefinition(name = "engine.target", description = "LDAP filter choosing the engine that serves requests naming none, e.g. (liop.engine.name=chicory). Unset: the highest-ranked engine. Changing it swaps engines without a restart; executions in flight finish where they started.", required = false)
    String engine_target();

    @AttributeDefinition(description = "Executions allowed to run at once; further requests wait for a slot.")
    int executions_max() default 64;

    @AttributeDefinition(description = "How long a request waits for an execution slot before it is answered 'unavailable', in milliseconds.")
    long executions_queue_millis() default 5_000;

    @AttributeDefinition(description = "Wall-clock deadline of one execution, in milliseconds.")
    long deadline_millis() default 10_000;

    @AttributeDefinition(description = "Linear memory cap of one execution, in 64 KiB pages (1024 = 64 MiB).")
    int memory_max_pages() default 1024;

    @AttributeDefinition(description = "Largest module accepted, in bytes.")
    int module_max_bytes() default 16 << 20;

    @AttributeDefinition(description = "Bytes of stdout kept from one execution; a larger output is an error.")
    int stdout_max_bytes() default 1 << 20;

    @AttributeDefinition(description = "Bytes of stderr kept from one execution for the operator.")
    int stderr_max_bytes() default 64 << 10;

    @AttributeDefinition(description = "Bytes of modules kept by SHA-256 so agents can send a hash instead of the module.")
    long module_store_bytes() default 64L << 20;
}
