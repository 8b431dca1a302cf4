package liop.engine.graalwasm.runtime;

import com.dylibso.chicory.runtime.Memory;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.engine.graalwasm.wasi.WasiBridge;
import liop.engine.support.depth.CallDepthLimit;
import liop.engine.support.run.GuestLaunch;
import liop.engine.support.run.GuestThread;
import liop.engine.support.run.ModuleRules;
import liop.engine.support.run.RunEnding;
import liop.engine.support.run.Traps;
import liop.engine.support.wasi.SandboxWasi;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * One execution of a module: a fresh polyglot context, instance, memory and WASI context built from
 * the sandbox, run on a {@link GuestThread} of its own so that the caller can enforce the deadline.
 * It follows the Chicory engine's {@code GuestRun} step by step, with the same shared parts, so that
 * both end the same way.
 */
public final class GuestRun {

    private final GraalWasm graalWasm;
    private final LoadedModule loaded;
    private final Sandbox sandbox;
    private final GuestLaunch launch;
    private final Stopper stopper = new Stopper();
    // Written by the guest's thread before it finishes, read by the caller once it has.
    private volatile Map<String, Long> finalGlobals = Map.of();
    private volatile long memoryBytes;

    private GuestRun(GraalWasm graalWasm, LoadedModule loaded, Sandbox sandbox, SecureRandom random, String threadName) {
        this.graalWasm = graalWasm;
        this.loaded = loaded;
        this.sandbox = sandbox;
        this.launch = new GuestLaunch(sandbox, random, threadName);
    }

    /**
     * Runs {@code loaded} in {@code sandbox} to its end, whatever that is. Never throws.
     *
     * @param random the source of the guest's random bytes, when the sandbox grants them
     * @param threadName the name of the guest's thread, for thread dumps
     */
    public static RunResult run(GraalWasm graalWasm, LoadedModule loaded, Sandbox sandbox, SecureRandom random, String threadName) {
        return new GuestRun(graalWasm, loaded, sandbox, random, threadName).execute();
    }

    private RunResult execute() {
        long started = System.nanoTime();
        // Truffle looks for its languages and services through the thread's context class loader.
        RunEnding ending = launch.startAndAwait(loaded.memory(), GraalWasm.polyglotClassLoader(), this::runGuest, stopper::stop);
        return result(ending, System.nanoTime() - started);
    }

    /** On the guest's thread: instantiate, connect WASI, run {@code _start}, collect what is left. */
    private RunEnding runGuest(SandboxWasi wasi) {
        if (loaded.linkError().isPresent()) {
            wasi.close();
            return RunEnding.unlinkable(loaded.linkError().get());
        }
        WasiBridge bridge = new WasiBridge(wasi.hostFunctions());
        Context context = null;
        Value exports = null;
        Optional<Value> memory = Optional.empty();
        RunEnding.Phase phase = RunEnding.Phase.INSTANTIATION;
        boolean memoryCreated = false;
        try {
            context = graalWasm.newContext();
            if (!stopper.attach(context)) {
                return RunEnding.interrupted();
            }
            Value module = context.eval(loaded.source(sandbox.limits()));
            // From here on the instance's memory exists, even if a data segment then fails to fit.
            memoryCreated = true;
            exports = module.newInstance(bridge.importObject()).getMember("exports");
            GuestBinary.HostExports host = loaded.binary().hostExports();
            memory = host.memory().map(exports::getMember);
            bridge.connect(memory);
            if (host.startFunction().isPresent()) {
                exports.getMember(host.startFunction().get()).executeVoid();
            }
            phase = RunEnding.Phase.RUN;
            exports.getMember(ModuleRules.START).executeVoid();
            return RunEnding.returned();
        } catch (PolyglotException e) {
            return callDepthExceeded(exports) ? RunEnding.trap(phase, Traps.STACK_EXHAUSTED) : GraalWasmEndings.thrown(phase, e);
        } catch (Throwable thrown) {
            return RunEnding.thrown(phase, thrown);
        } finally {
            collect(exports, memory, memoryCreated);
            wasi.close();
            closeQuietly(context);
        }
    }

    /** Whether the module's own call depth limit ended the run: its trap leaves a mark in the depth global. */
    private boolean callDepthExceeded(Value exports) {
        Optional<String> depth = loaded.binary().hostExports().callDepth();
        if (exports == null || depth.isEmpty()) {
            return false;
        }
        try {
            return CallDepthLimit.Limited.exceeded(exports.getMember(depth.get()).getMember("value").asLong());
        } catch (PolyglotException | IllegalStateException e) {
            return false; // the context is gone (cancelled): a deadline, not a trap
        }
    }

    /**
     * Reads the reported globals and the memory size while the context is still open: after a trap,
     * and after an interrupt at the deadline, it is. An instantiation that failed (a segment that does
     * not fit) leaves no instance to ask, but had created the memory at its initial size, as in Chicory.
     */
    private void collect(Value exports, Optional<Value> memory, boolean memoryCreated) {
        try {
            long initialBytes = memoryCreated ? (long) loaded.memory().initialPages() * Memory.PAGE_SIZE : 0;
            memoryBytes = memory.map(Value::getBufferSize).orElse(initialBytes);
            if (exports != null) {
                Map<String, Long> values = new HashMap<>();
                for (String name : sandbox.reportedGlobals()) {
                    if (loaded.integerGlobals().contains(name)) {
                        values.put(name, exports.getMember(name).getMember("value").asLong());
                    }
                }
                finalGlobals = values;
            }
        } catch (PolyglotException | IllegalStateException e) {
            // the context was cancelled: nothing left to read
        }
    }

    private RunResult result(RunEnding ending, long elapsedNanos) {
        int capPages = Math.min(sandbox.limits().memoryMaxPages(), Memory.RUNTIME_MAX_PAGES);
        boolean memoryAtCap = memoryBytes >= (long) capPages * Memory.PAGE_SIZE;
        return ending.withMemoryHint(memoryAtCap, sandbox.limits().memoryMaxPages())
                .withTailCallHint(loaded.tailCallsCounted())
                .result(launch.stdout(), launch.stderr(), memoryBytes, elapsedNanos, finalGlobals);
    }

    private static void closeQuietly(Context context) {
        if (context == null) {
            return;
        }
        try {
            context.close();
        } catch (RuntimeException e) {
            // cancelled at the deadline: already closed
        }
    }
}
