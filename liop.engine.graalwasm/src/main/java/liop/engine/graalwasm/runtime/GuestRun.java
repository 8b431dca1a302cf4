package liop.engine.graalwasm.runtime;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.Preopen;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.engine.chicory.depth.CallDepthLimit;
import liop.engine.chicory.fs.ConfinedFileSystem;
import liop.engine.chicory.wasi.GuardedWasi;
import liop.engine.graalwasm.wasi.SilentLogger;
import liop.engine.graalwasm.wasi.WasiBridge;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * One execution of a module: a fresh polyglot context, instance, memory and WASI context built from
 * the sandbox, run on a {@link GuestThread} of its own so that the caller can enforce the deadline.
 * It follows the Chicory engine's {@code GuestRun} step by step, so that both end the same way.
 */
public final class GuestRun {

    private final GraalWasm graalWasm;
    private final LoadedModule loaded;
    private final Sandbox sandbox;
    private final SecureRandom random;
    private final String threadName;
    private final BoundedOutput stdout;
    private final BoundedOutput stderr;
    private final Stopper stopper = new Stopper();
    // Written by the guest's thread before it finishes, read by the caller once it has.
    private volatile Map<String, Long> finalGlobals = Map.of();
    private volatile long memoryBytes;

    private GuestRun(GraalWasm graalWasm, LoadedModule loaded, Sandbox sandbox, SecureRandom random, String threadName) {
        this.graalWasm = graalWasm;
        this.loaded = loaded;
        this.sandbox = sandbox;
        this.random = random;
        this.threadName = threadName;
        this.stdout = new BoundedOutput(sandbox.limits().stdoutMaxBytes());
        this.stderr = new BoundedOutput(sandbox.limits().stderrMaxBytes());
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
        Optional<String> refusal = loaded.memory().refusal(sandbox.limits());
        RunEnding ending = refusal.isPresent() ? RunEnding.outOfMemory(refusal.get()) : startAndAwait();
        return result(ending, System.nanoTime() - started);
    }

    private RunEnding startAndAwait() {
        WasiPreview1 wasi;
        try {
            wasi = WasiPreview1.builder().withLogger(SilentLogger.INSTANCE).withOptions(wasiOptions()).build();
        } catch (PreopenException e) {
            return RunEnding.unavailable(e.getMessage());
        }
        HostFunction[] functions = GuardedWasi.hostFunctions(wasi, sandbox.clock(), sandbox.random(), sandbox.preopens().size());
        GuestThread guest;
        try {
            guest = GuestThread.start(threadName, () -> runGuest(wasi, new WasiBridge(functions)));
        } catch (OutOfMemoryError e) {
            closeQuietly(wasi);
            return RunEnding.unavailable("the host could not start a thread for the guest (" + e.getMessage() + "); retry later");
        }
        return guest.await(sandbox.limits().deadlineMillis(), stopper);
    }

    private WasiOptions wasiOptions() throws PreopenException {
        WasiOptions.Builder options = WasiOptions.builder()
                .withStdin(new ByteArrayInputStream(sandbox.stdin()), false)
                .withStdout(stdout, false)
                .withStderr(stderr, false)
                .withArguments(sandbox.arguments())
                // reached only when granted: GuardedWasi answers the clock and random calls otherwise
                .withClock(Clock.systemUTC())
                .withRandom(random);
        sandbox.environment().forEach(options::withEnvironment);
        for (Preopen preopen : sandbox.preopens()) {
            options.withDirectory(preopen.guestPath(), confinedView(preopen).root());
        }
        return options.build();
    }

    private static ConfinedFileSystem confinedView(Preopen preopen) throws PreopenException {
        try {
            return ConfinedFileSystem.of(preopen.hostPath());
        } catch (IOException e) {
            throw new PreopenException("preopen " + preopen.guestPath()
                    + ": its host directory is missing or not a directory; ask the operator to check the node's configuration");
        }
    }

    /** On the guest's thread: instantiate, connect WASI, run {@code _start}, collect what is left. */
    private RunEnding runGuest(WasiPreview1 wasi, WasiBridge bridge) {
        if (loaded.linkError().isPresent()) {
            closeQuietly(wasi);
            return RunEnding.unlinkable(loaded.linkError().get());
        }
        Context context = null;
        Value exports = null;
        Optional<Value> memory = Optional.empty();
        boolean instantiating = true;
        boolean memoryCreated = false;
        try {
            context = graalWasm.newContext();
            if (!stopper.attach(context)) {
                return RunEnding.unavailable("the execution was interrupted by the host");
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
            instantiating = false;
            exports.getMember(ModuleLoader.START).executeVoid();
            return RunEnding.returned();
        } catch (PolyglotException e) {
            return callDepthExceeded(exports) ? RunEnding.trap(instantiating, Traps.STACK_EXHAUSTED) : RunEnding.thrown(e, instantiating);
        } catch (Throwable thrown) {
            return RunEnding.thrown(thrown, instantiating);
        } finally {
            collect(exports, memory, memoryCreated);
            closeQuietly(wasi);
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
        RunEnding explained = withTailCallHint(withMemoryHint(ending));
        return new RunResult(explained.status(), explained.message(), explained.exitCode(),
                stdout.bytes(), stdout.truncated(), stderr.bytes(), stderr.truncated(),
                memoryBytes, elapsedNanos, finalGlobals);
    }

    /** A guest whose memory.grow was refused usually fails soon after; say so, as the Chicory engine does. */
    private RunEnding withMemoryHint(RunEnding ending) {
        boolean failed = ending.status() == ExecutionStatus.TRAP || ending.status() == ExecutionStatus.FAILED;
        int capPages = Math.min(sandbox.limits().memoryMaxPages(), Memory.RUNTIME_MAX_PAGES);
        if (failed && memoryBytes >= (long) capPages * Memory.PAGE_SIZE) {
            return ending.withHint("its memory had reached the limit of " + sandbox.limits().memoryMaxPages()
                    + " pages, so a memory.grow may have been refused");
        }
        return ending;
    }

    /** Tail calls run as plain calls (GraalWasm 25 has none of its own): say so when the calls ran out of room, as the Chicory engine does. */
    private RunEnding withTailCallHint(RunEnding ending) {
        return ending.stackExhausted() && loaded.tailCallsCounted()
                ? ending.withHint("the module's tail calls count as calls on this engine")
                : ending;
    }

    private static void closeQuietly(WasiPreview1 wasi) {
        try {
            wasi.close();
        } catch (RuntimeException e) {
            // closing read-only files cannot lose data; nothing to report
        }
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

    private static final class PreopenException extends Exception {
        private static final long serialVersionUID = 1L;

        PreopenException(String message) {
            super(message);
        }
    }
}
