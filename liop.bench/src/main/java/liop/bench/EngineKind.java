package liop.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import liop.api.engine.CompiledModule;
import liop.api.engine.Limits;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.api.engine.WasmEngine;
import liop.engine.chicory.ChicoryEngine;
import liop.engine.graalwasm.GraalWasmEngine;

/**
 * What runs a guest in the engine comparison. The JVM ones run in this JVM through LIOP's
 * {@link WasmEngine} (as the node runs them, unmetered: the metering overhead is measured on its
 * own); Node.js runs the same {@code .wasm} under {@code node:wasi} in a process of its own.
 */
enum EngineKind {

    JAVA("java", "Java reference (same logic in plain Java)"),
    CHICORY_INTERPRETER("chicory-interpreter", "Chicory interpreter"),
    CHICORY_COMPILER("chicory-compiler", "Chicory compiler (the default engine)"),
    GRAALWASM("graalwasm", "GraalWasm, stock JVM"),
    GRAALWASM_JIT("graalwasm-jit", "GraalWasm, JVMCI + Graal compiler"),
    NODE("node", "Node.js V8 + node:wasi");

    /** The default limits but the deadline: a cold interpreter on a busy machine needs long. */
    static final Limits LIMITS = new Limits(
            Limits.DEFAULT.memoryMaxPages(), 600_000, Limits.DEFAULT.stdoutMaxBytes(), Limits.DEFAULT.stderrMaxBytes());

    private final String id;
    private final String label;

    EngineKind(String id, String label) {
        this.id = id;
        this.label = label;
    }

    String id() {
        return id;
    }

    String label() {
        return label;
    }

    boolean runsInJvm() {
        return this != NODE;
    }

    static EngineKind byId(String id) {
        for (EngineKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no engine '" + id + "' (java, chicory-interpreter, chicory-compiler,"
                + " graalwasm, graalwasm-jit, node)");
    }

    /** One execution of a guest, returning what it printed. */
    interface Execution {
        byte[] run() throws Exception;
    }

    /** An engine started in this JVM, with what it says about itself. */
    record Started(WasmEngine engine, String description) {}

    /** Starts the engine (Truffle for GraalWasm); null for the Java reference. */
    Started start() {
        return switch (this) {
            case JAVA -> new Started(null, "plain Java, JVM " + Runtime.version());
            case CHICORY_INTERPRETER -> chicory(liop.engine.chicory.ExecutionMode.INTERPRETER);
            case CHICORY_COMPILER -> chicory(liop.engine.chicory.ExecutionMode.COMPILER);
            case GRAALWASM -> graalWasm(liop.engine.graalwasm.ExecutionMode.AUTO);
            case GRAALWASM_JIT -> graalWasm(liop.engine.graalwasm.ExecutionMode.OPTIMIZING);
            case NODE -> throw new IllegalStateException("Node.js runs in a process of its own (engines.mjs)");
        };
    }

    private static Started chicory(liop.engine.chicory.ExecutionMode mode) {
        ChicoryEngine engine = new ChicoryEngine(ChicoryEngine.DEFAULT_NAME, mode, ChicoryEngine.DEFAULT_CACHE_SIZE);
        return new Started(engine, engine.info().toString());
    }

    private static Started graalWasm(liop.engine.graalwasm.ExecutionMode mode) {
        GraalWasmEngine engine = new GraalWasmEngine(GraalWasmEngine.DEFAULT_NAME, mode, GraalWasmEngine.DEFAULT_CACHE_SIZE);
        return new Started(engine, engine.info() + " on Truffle's " + engine.runtimeName() + " runtime");
    }

    /** Compiles the guest (a module this engine has not seen) and returns how to run it. */
    static Execution open(Started started, EngineWorkload workload, byte[] stdin) throws Exception {
        if (started.engine() == null) {
            String guest = workload.guest();
            return () -> JavaReference.run(guest, stdin).stdout();
        }
        byte[] wasm = workload.wasm();
        CompiledModule module = started.engine().compile(wasm, Subject.sha256(wasm));
        Sandbox sandbox = Sandbox.of(stdin).withLimits(LIMITS);
        return () -> requireOk(started.engine(), workload, module.run(sandbox)).stdout();
    }

    private static RunResult requireOk(WasmEngine engine, EngineWorkload workload, RunResult result) {
        if (!result.ok() || result.exitCode() != 0) {
            throw new IllegalStateException(workload.guest() + " on " + engine.info() + ": " + result.status() + " exit "
                    + result.exitCode() + " " + result.message() + "\nstderr: " + new String(result.stderr(), UTF_8));
        }
        return result;
    }
}
