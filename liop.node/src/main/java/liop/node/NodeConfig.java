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

    @AttributeDefinition(description = "Fuel one execution may burn in the default tier (about 1 unit per WebAssembly instruction; 10^9 is roughly 0.1 to 0.3 s of compiled code). Agent tiers (liop.tier) may set their own.")
    long fuel_limit() default 5_000_000_000L;

    @AttributeDefinition(description = "Executions one agent of the default tier may have running at once.")
    int executions_per_agent() default 8;

    @AttributeDefinition(description = "A table's largest initial size, in elements.")
    long table_max_elements() default 65_536;

    @AttributeDefinition(description = "Functions a module may define.")
    long functions_max() default 100_000;

    @AttributeDefinition(description = "Locals one function may declare. Below GraalWasm's own limit of 50000, which the node's rewrites (fuel, call depth) would otherwise push a function over.")
    long locals_per_function_max() default 49_000;

    @AttributeDefinition(description = "Globals a module may define.")
    long globals_max() default 100_000;

    @AttributeDefinition(description = "Function types a module may declare.")
    long types_max() default 100_000;

    @AttributeDefinition(description = "Data and element segments a module may declare, together.")
    long segments_max() default 100_000;
}
