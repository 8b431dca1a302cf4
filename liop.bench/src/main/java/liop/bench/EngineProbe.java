package liop.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.security.SecureRandom;
import java.util.function.Function;
import liop.api.engine.Sandbox;
import liop.engine.support.wasi.SandboxWasi;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * What {@link EngineReport} runs in a fresh JVM of its own, one line of {@code key=value} results
 * on stdout:
 *
 * <ul>
 *   <li>{@code cold <engine> <guest>}: starts the engine, then times the first execution of a module
 *       it has never seen (compile and run), then a second one; prints the SHA-256 of the output,
 *       which the report compares with the Java reference's.
 *   <li>{@code memory <engine> <guest> <instances>}: runs that many instances to completion and keeps
 *       them all alive, then reports the retained heap and the resident set per instance. An instance
 *       is the engine's own (a Chicory {@code Instance}, a GraalWasm context, with WASI on a byte
 *       stream), since LIOP's engines drop theirs at the end of a run; for the Java reference, what
 *       one execution holds (its copy of the input, the parsed tree, the sorted samples).
 * </ul>
 */
public final class EngineProbe {

    private EngineProbe() {}

    public static void main(String[] args) throws Exception {
        EngineKind kind = EngineKind.byId(args[1]);
        EngineWorkload workload = EngineWorkload.byGuest(args[2]);
        byte[] stdin = workload.stdin();
        switch (args[0]) {
            case "cold" -> cold(kind, workload, stdin);
            case "memory" -> memory(kind, workload, stdin, Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("usage: EngineProbe cold|memory <engine> <guest> [instances]");
        }
        System.exit(0); // Truffle's and the compiler's threads would keep the JVM up a little longer
    }

    private static void cold(EngineKind kind, EngineWorkload workload, byte[] stdin) throws Exception {
        long started = System.nanoTime();
        EngineKind.Started engine = kind.start();
        long engineStarted = System.nanoTime();
        EngineKind.Execution execution = EngineKind.open(engine, workload, stdin);
        long compiled = System.nanoTime();
        byte[] output = execution.run();
        long firstRun = System.nanoTime();
        execution.run();
        long secondRun = System.nanoTime();
        System.out.printf(Locale.ROOT, "engineStartMs=%.3f compileMs=%.3f firstRunMs=%.3f coldMs=%.3f secondRunMs=%.3f outputSha256=%s description=%s%n",
                millis(engineStarted - started), millis(compiled - engineStarted), millis(firstRun - compiled),
                millis(firstRun - engineStarted), millis(secondRun - firstRun), Subject.sha256(output),
                engine.description().replace(' ', '_'));
    }

    private static void memory(EngineKind kind, EngineWorkload workload, byte[] stdin, int instances) throws Exception {
        InstanceFactory factory = instanceFactory(kind, workload.wasm(), stdin);
        factory.createAndRun(); // loads every class on the way, and compiles what is compiled once
        factory.createAndRun();
        long heapBefore = settledHeap();
        long rssBefore = rss();
        List<Object> alive = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            alive.add(factory.createAndRun());
        }
        long heapAfter = settledHeap();
        long rssAfter = rss();
        System.out.printf(Locale.ROOT, "instances=%d heapPerInstanceKiB=%.1f rssPerInstanceKiB=%.1f%n", instances,
                (heapAfter - heapBefore) / 1024.0 / instances, (rssAfter - rssBefore) / 1024.0 / instances);
        Reference.reachabilityFence(alive);
    }

    /** Creates an instance, runs it to the end and returns it, alive. */
    private interface InstanceFactory {
        Object createAndRun() throws Exception;
    }

    private static InstanceFactory instanceFactory(EngineKind kind, byte[] wasm, byte[] stdin) {
        return switch (kind) {
            case JAVA -> {
                String guest = guestOf(wasm);
                yield () -> JavaReference.run(guest, stdin);
            }
            case CHICORY_INTERPRETER -> chicory(Parser.parse(wasm), InterpreterMachine::new, stdin);
            case CHICORY_COMPILER -> {
                WasmModule module = Parser.parse(wasm);
                yield chicory(module, MachineFactoryCompiler.compile(module), stdin);
            }
            case GRAALWASM, GRAALWASM_JIT -> graalWasm(wasm, stdin);
            case NODE -> throw new IllegalStateException("Node.js measures its memory in engines.mjs");
        };
    }

    private static String guestOf(byte[] wasm) {
        for (EngineWorkload workload : EngineWorkload.values()) {
            if (java.util.Arrays.equals(workload.wasm(), wasm)) {
                return workload.guest();
            }
        }
        throw new IllegalArgumentException("unknown guest");
    }

    private static InstanceFactory chicory(WasmModule module, Function<Instance, Machine> machines, byte[] stdin) {
        return () -> {
            // LIOP's WASI, as the Chicory engine gives it to a guest
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            SandboxWasi wasi = SandboxWasi.open(Sandbox.of(stdin), new ByteArrayOutputStream(), stderr, new SecureRandom());
            Instance instance = Instance.builder(module)
                    .withImportValues(ImportValues.builder().addFunction(wasi.hostFunctions()).build())
                    .withMachineFactory(machines)
                    .withInitialize(false) // as the Chicory engine: initialize(true) would run _start itself
                    .build();
            try {
                instance.initialize(false);
                instance.export("_start").apply();
            } catch (WasiExitException e) {
                if (e.exitCode() != 0) {
                    throw new IllegalStateException("exit " + e.exitCode() + ": " + stderr.toString(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return List.of(instance, wasi);
        };
    }

    private static InstanceFactory graalWasm(byte[] wasm, byte[] stdin) {
        Engine engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
        Source source = Source.newBuilder("wasm", ByteSequence.create(wasm), "guest").buildLiteral();
        return () -> {
            Context context = Context.newBuilder("wasm").engine(engine)
                    .option("wasm.Builtins", "wasi_snapshot_preview1")
                    .in(new ByteArrayInputStream(stdin)).out(new ByteArrayOutputStream()).err(new ByteArrayOutputStream())
                    .build();
            Value module = context.eval(source);
            Value instance = module.newInstance();
            try {
                instance.getMember("exports").getMember("_start").executeVoid();
            } catch (PolyglotException e) {
                if (!e.isExit() || e.getExitStatus() != 0) {
                    throw e;
                }
            }
            return List.of(context, instance);
        };
    }

    private static long settledHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The resident set from /proc/self/status, in bytes; 0 where there is none. */
    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
