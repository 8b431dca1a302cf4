package liop.engine.support.run;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.UnlinkableException;
import java.util.Map;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.RunResult;

/**
 * How a guest's run ended, before outputs and measurements are attached. Both engines end their
 * runs with these statuses and messages, word for word, so that a node cannot tell them apart by
 * their results.
 *
 * @param status how it ended
 * @param message what happened, for a person; empty when OK
 * @param exitCode the WASI exit code, or {@value #NO_EXIT} when the guest did not exit
 */
public record RunEnding(ExecutionStatus status, String message, int exitCode) {

    public static final int NO_EXIT = -1;

    /** Where the guest was when its run ended. */
    public enum Phase {
        /** Initializing data and element segments, or running the module's start function. */
        INSTANTIATION("the module trapped: instantiation failed: "),
        /** Running {@code _start}. */
        RUN("the module trapped: ");

        private final String trapPrefix;

        Phase(String trapPrefix) {
            this.trapPrefix = trapPrefix;
        }
    }

    public static RunEnding returned() {
        return new RunEnding(ExecutionStatus.OK, "", 0);
    }

    public static RunEnding exited(int code) {
        return code == 0
                ? new RunEnding(ExecutionStatus.OK, "", 0)
                : new RunEnding(ExecutionStatus.FAILED, "the module exited with code " + code, code);
    }

    public static RunEnding deadline(long deadlineMillis) {
        return new RunEnding(ExecutionStatus.DEADLINE,
                "the module was stopped at its deadline of " + deadlineMillis + " ms", NO_EXIT);
    }

    public static RunEnding outOfMemory(String message) {
        return new RunEnding(ExecutionStatus.OUT_OF_MEMORY, message, NO_EXIT);
    }

    public static RunEnding hostOutOfHeap() {
        return outOfMemory("the host ran out of heap while running the module; lower memoryMaxPages or give the node more heap");
    }

    public static RunEnding unavailable(String message) {
        return new RunEnding(ExecutionStatus.UNAVAILABLE, message, NO_EXIT);
    }

    /** The host stopped the guest other than at its deadline, e.g. an engine going away. */
    public static RunEnding interrupted() {
        return unavailable("the execution was interrupted by the host");
    }

    /** The thread waiting for the guest was interrupted: the caller gave up on the run. */
    public static RunEnding callerInterrupted() {
        return unavailable("the execution was cancelled: the calling thread was interrupted");
    }

    /** The host has no thread left to give the guest. */
    public static RunEnding noThread(OutOfMemoryError e) {
        return unavailable("the host could not start a thread for the guest (" + e.getMessage() + "); retry later");
    }

    /** A bug on the host side, not the guest's doing: still an ending, never an exception. */
    public static RunEnding engineFailed(RuntimeException e) {
        return unavailable("the engine failed while running the module: " + e);
    }

    public static RunEnding unlinkable(String message) {
        return new RunEnding(ExecutionStatus.INVALID, "the module cannot be linked: " + message, NO_EXIT);
    }

    /** A trap, worded for where the guest was. */
    public static RunEnding trap(Phase phase, String what) {
        return new RunEnding(ExecutionStatus.TRAP, phase.trapPrefix + what, NO_EXIT);
    }

    /**
     * Classifies whatever ended the guest by throwing on the host side during {@code phase}: Chicory
     * (the whole run on the Chicory engine), a WASI function, or the JVM.
     */
    public static RunEnding thrown(Phase phase, Throwable thrown) {
        WasiExitException exit = find(thrown, WasiExitException.class);
        if (exit != null) {
            return exited(exit.exitCode());
        }
        if (find(thrown, StackOverflowError.class) != null) {
            return trap(phase, Traps.STACK_EXHAUSTED);
        }
        if (find(thrown, OutOfMemoryError.class) != null) {
            return hostOutOfHeap();
        }
        if (find(thrown, ChicoryInterruptedException.class) != null) {
            return interrupted();
        }
        if (thrown instanceof UnlinkableException) {
            return unlinkable(thrown.getMessage());
        }
        return trap(phase, Traps.describe(thrown));
    }

    public boolean stackExhausted() {
        return status == ExecutionStatus.TRAP && message.endsWith(Traps.STACK_EXHAUSTED);
    }

    /**
     * A guest whose {@code memory.grow} was refused usually fails soon after: says so when it failed
     * with its memory at the cap.
     */
    public RunEnding withMemoryHint(boolean memoryAtCap, int memoryMaxPages) {
        boolean failed = status == ExecutionStatus.TRAP || status == ExecutionStatus.FAILED;
        return failed && memoryAtCap
                ? withHint("its memory had reached the limit of " + memoryMaxPages + " pages, so a memory.grow may have been refused")
                : this;
    }

    /**
     * Neither engine has tail calls of its own ({@link liop.engine.support.depth.CallStack}): says so
     * when the calls ran out of room in a module whose tail calls were made plain calls.
     */
    public RunEnding withTailCallHint(boolean tailCallsCounted) {
        return stackExhausted() && tailCallsCounted ? withHint("the module's tail calls count as calls on this engine") : this;
    }

    /** The run's result: this ending, with what the guest wrote and left behind. */
    public RunResult result(BoundedOutput stdout, BoundedOutput stderr, long memoryBytes, long elapsedNanos,
            Map<String, Long> globals) {
        return new RunResult(status, message, exitCode, stdout.bytes(), stdout.truncated(), stderr.bytes(), stderr.truncated(),
                memoryBytes, elapsedNanos, globals);
    }

    /** The result of a run that ended before the guest could write anything. */
    public RunResult resultWithoutOutput(long elapsedNanos) {
        return new RunResult(status, message, exitCode, new byte[0], false, new byte[0], false, 0, elapsedNanos, Map.of());
    }

    private RunEnding withHint(String hint) {
        return new RunEnding(status, message + "; " + hint, exitCode);
    }

    private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
