package liop.engine.chicory.runtime;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import java.security.SecureRandom;
import java.util.Map;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.engine.support.depth.CallDepthLimit;
import liop.engine.support.run.GuestLaunch;
import liop.engine.support.run.GuestThread;
import liop.engine.support.run.ModuleRules;
import liop.engine.support.run.RunEnding;
import liop.engine.support.run.Traps;
import liop.engine.support.wasi.SandboxWasi;

/**
 * One execution of a module: a fresh instance, memory and WASI context built from the sandbox, run on
 * a {@link GuestThread} of its own so that the caller can enforce the deadline.
 *
 * <p>At the deadline the guest's thread is interrupted: compiled code checks for interruption on
 * calls and backward branches, the interpreter on calls and {@code br}, and {@link InterpreterGuard}
 * makes it check every thousand instructions too, so even a tight infinite loop stops within
 * microseconds. Host functions that could work for long check too (the guarded {@code fd_write}).
 */
public final class GuestRun {

    private final LoadedModule loaded;
    private final Sandbox sandbox;
    private final GuestLaunch launch;
    private final CappedMemories memories;
    private volatile Instance instance;
    private volatile boolean guestFinished;

    private GuestRun(LoadedModule loaded, Sandbox sandbox, SecureRandom random, String threadName) {
        this.loaded = loaded;
        this.sandbox = sandbox;
        this.launch = new GuestLaunch(sandbox, random, threadName);
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
        RunEnding ending = launch.startAndAwait(loaded.memory(), Thread.currentThread().getContextClassLoader(),
                this::runGuest, Thread::interrupt);
        return result(ending, System.nanoTime() - started);
    }

    /**
     * On the guest's thread, so that the deadline covers all of it: instantiation (data and element
     * segments, the start function) as well as {@code _start}. The instance is published before
     * the start function runs, so a start function that traps, runs out of fuel or is stopped at the
     * deadline still reports its globals (the node's fuel counter among them).
     */
    private RunEnding runGuest(SandboxWasi wasi) {
        Instance created = null;
        RunEnding.Phase phase = RunEnding.Phase.INSTANTIATION;
        try {
            created = Instance.builder(loaded.module())
                    .withImportValues(ImportValues.builder().addFunction(wasi.hostFunctions()).build())
                    .withMachineFactory(loaded.machines())
                    .withMemoryFactory(memories::create)
                    .withTableFactory(CappedTables::create)
                    .withUnsafeExecutionListener(new InterpreterGuard())
                    .withInitialize(false)
                    .build();
            instance = created;
            created.initialize(false);
            phase = RunEnding.Phase.RUN;
            created.export(ModuleRules.START).apply();
            return RunEnding.returned();
        } catch (Throwable thrown) {
            return callDepthExceeded(created) ? RunEnding.trap(phase, Traps.STACK_EXHAUSTED) : RunEnding.thrown(phase, thrown);
        } finally {
            wasi.close();
            guestFinished = true;
        }
    }

    /** Whether the module's own call depth limit ended the run (see {@link liop.engine.support.depth.CallStack}). */
    private boolean callDepthExceeded(Instance created) {
        if (created == null || loaded.depthGlobal().isEmpty()) {
            return false;
        }
        GlobalInstance depth = created.global(loaded.depthGlobal().getAsInt());
        return depth != null && CallDepthLimit.Limited.exceeded(depth.getValue());
    }

    private RunResult result(RunEnding ending, long elapsedNanos) {
        return ending.withMemoryHint(memories.atCap(), sandbox.limits().memoryMaxPages())
                .withTailCallHint(loaded.tailCallsCounted())
                .result(launch.stdout(), launch.stderr(), memories.peakBytes(), elapsedNanos, finalGlobals());
    }

    /** Read only once the guest's thread is done with the instance (it is, unless abandoned). */
    private Map<String, Long> finalGlobals() {
        Instance finished = instance;
        if (finished == null || !guestFinished) {
            return Map.of();
        }
        return ReportedGlobals.read(finished, loaded.exportedGlobals(), sandbox.reportedGlobals());
    }
}
