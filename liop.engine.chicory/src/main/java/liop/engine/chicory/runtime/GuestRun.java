package liop.engine.chicory.runtime;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.Preopen;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.engine.chicory.depth.CallDepthLimit;
import liop.engine.chicory.fs.ConfinedFileSystem;
import liop.engine.chicory.wasi.GuardedWasi;

/**
 * One execution of a module: a fresh instance, memory and WASI context built from the sandbox, run on
 * a {@link GuestThread} of its own so that the caller can enforce the deadline.
 */
public final class GuestRun {

    private final LoadedModule loaded;
    private final Sandbox sandbox;
    private final SecureRandom random;
    private final String threadName;
    private final BoundedOutput stdout;
    private final BoundedOutput stderr;
    private final CappedMemories memories;
    private volatile Instance instance;
    private volatile boolean guestFinished;

    private GuestRun(LoadedModule loaded, Sandbox sandbox, SecureRandom random, String threadName) {
        this.loaded = loaded;
        this.sandbox = sandbox;
        this.random = random;
        this.threadName = threadName;
        this.stdout = new BoundedOutput(sandbox.limits().stdoutMaxBytes());
        this.stderr = new BoundedOutput(sandbox.limits().stderrMaxBytes());
        this.memories = new CappedMemories(sandbox.limits().memoryMaxPages());
    }

    /**
     * Runs {@code loaded} in {@code sandbox} to its end, whatever that is. Never throws.
     *
     * @param random the source of the guest's random bytes, when the sandbox grants them
     * @param threadName the name of the guest's thread, for thread dumps
     */
    public static RunResult run(LoadedModule loaded, Sandbox sandbox, SecureRandom random, String threadName) {
        return new GuestRun(loaded, sandbox, random, threadName).execute();
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
            guest = GuestThread.start(threadName, () -> runGuest(wasi, functions));
        } catch (OutOfMemoryError e) {
            closeQuietly(wasi);
            return RunEnding.unavailable("the host could not start a thread for the guest (" + e.getMessage() + "); retry later");
        }
        return guest.await(sandbox.limits().deadlineMillis());
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

    /**
     * On the guest's thread, so that the deadline covers all of it: instantiation (data and element
     * segments, the start function) as well as {@code _start}. The instance is published before
     * the start function runs, so a start function that traps, runs out of fuel or is stopped at the
     * deadline still reports its globals (the node's fuel counter among them).
     */
    private RunEnding runGuest(WasiPreview1 wasi, HostFunction[] functions) {
        Instance created = null;
        RunEnding.Phase phase = RunEnding.Phase.INSTANTIATION;
        try {
            created = Instance.builder(loaded.module())
                    .withImportValues(ImportValues.builder().addFunction(functions).build())
                    .withMachineFactory(loaded.machines())
                    .withMemoryFactory(memories::create)
                    .withTableFactory(CappedTables::create)
                    .withUnsafeExecutionListener(new InterpreterGuard())
                    .withInitialize(false)
                    .build();
            instance = created;
            created.initialize(false);
            phase = RunEnding.Phase.RUN;
            created.export("_start").apply();
            return RunEnding.returned();
        } catch (Throwable thrown) {
            return callDepthExceeded(created) ? RunEnding.trap(phase, Traps.STACK_EXHAUSTED) : RunEnding.thrown(phase, thrown);
        } finally {
            closeQuietly(wasi);
            guestFinished = true;
        }
    }

    /** Whether the module's own call depth limit ended the run (see {@link CallStack}). */
    private boolean callDepthExceeded(Instance created) {
        if (created == null || loaded.depthGlobal().isEmpty()) {
            return false;
        }
        GlobalInstance depth = created.global(loaded.depthGlobal().getAsInt());
        return depth != null && CallDepthLimit.Limited.exceeded(depth.getValue());
    }

    private RunResult result(RunEnding ending, long elapsedNanos) {
        RunEnding explained = withTailCallHint(withMemoryHint(ending));
        return new RunResult(explained.status(), explained.message(), explained.exitCode(),
                stdout.bytes(), stdout.truncated(), stderr.bytes(), stderr.truncated(),
                memories.peakBytes(), elapsedNanos, finalGlobals());
    }

    /** Read only once the guest's thread is done with the instance (it is, unless abandoned). */
    private Map<String, Long> finalGlobals() {
        Instance finished = instance;
        if (finished == null || !guestFinished) {
            return Map.of();
        }
        return ReportedGlobals.read(finished, loaded.exportedGlobals(), sandbox.reportedGlobals());
    }

    /** A guest whose memory.grow was refused usually fails soon after; say so. */
    private RunEnding withMemoryHint(RunEnding ending) {
        boolean failed = ending.status() == ExecutionStatus.TRAP || ending.status() == ExecutionStatus.FAILED;
        if (failed && memories.atCap()) {
            return ending.withHint("its memory had reached the limit of " + sandbox.limits().memoryMaxPages()
                    + " pages, so a memory.grow may have been refused");
        }
        return ending;
    }

    /** Tail calls run as plain calls here (see {@link CallStack}): say so when the calls ran out of room. */
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

    private static final class PreopenException extends Exception {
        private static final long serialVersionUID = 1L;

        PreopenException(String message) {
            super(message);
        }
    }
}
