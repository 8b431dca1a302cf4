package liop.engine.chicory.runtime;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.UnlinkableException;
import liop.api.engine.ExecutionStatus;

/**
 * How a guest's run ended, before outputs and measurements are attached.
 *
 * @param status how it ended
 * @param message what happened, for a person; empty when OK
 * @param exitCode the WASI exit code, or -1 when the guest did not exit
 */
record RunEnding(ExecutionStatus status, String message, int exitCode) {

    static final int NO_EXIT = -1;

    /** Where the guest was when its run ended. */
    enum Phase {
        /** Initializing data and element segments, or running the module's start function. */
        INSTANTIATION("the module trapped: instantiation failed: "),
        /** Running {@code _start}. */
        RUN("the module trapped: ");

        private final String trapPrefix;

        Phase(String trapPrefix) {
            this.trapPrefix = trapPrefix;
        }
    }

    static RunEnding returned() {
        return new RunEnding(ExecutionStatus.OK, "", 0);
    }

    static RunEnding exited(int code) {
        return code == 0
                ? new RunEnding(ExecutionStatus.OK, "", 0)
                : new RunEnding(ExecutionStatus.FAILED, "the module exited with code " + code, code);
    }

    static RunEnding deadline(long deadlineMillis) {
        return new RunEnding(ExecutionStatus.DEADLINE,
                "the module was stopped at its deadline of " + deadlineMillis + " ms", NO_EXIT);
    }

    static RunEnding outOfMemory(String message) {
        return new RunEnding(ExecutionStatus.OUT_OF_MEMORY, message, NO_EXIT);
    }

    static RunEnding unavailable(String message) {
        return new RunEnding(ExecutionStatus.UNAVAILABLE, message, NO_EXIT);
    }

    /** Classifies whatever ended the guest by throwing during {@code phase}. */
    static RunEnding thrown(Phase phase, Throwable thrown) {
        WasiExitException exit = find(thrown, WasiExitException.class);
        if (exit != null) {
            return exited(exit.exitCode());
        }
        if (find(thrown, StackOverflowError.class) != null) {
            return trap(phase, Traps.STACK_EXHAUSTED);
        }
        if (find(thrown, OutOfMemoryError.class) != null) {
            return outOfMemory("the host ran out of heap while running the module; lower memoryMaxPages or give the node more heap");
        }
        if (find(thrown, ChicoryInterruptedException.class) != null) {
            return unavailable("the execution was interrupted by the host");
        }
        if (thrown instanceof UnlinkableException) {
            return new RunEnding(ExecutionStatus.INVALID, "the module cannot be linked: " + thrown.getMessage(), NO_EXIT);
        }
        return trap(phase, Traps.describe(thrown));
    }

    static RunEnding trap(Phase phase, String what) {
        return new RunEnding(ExecutionStatus.TRAP, phase.trapPrefix + what, NO_EXIT);
    }

    boolean stackExhausted() {
        return status == ExecutionStatus.TRAP && message.endsWith(Traps.STACK_EXHAUSTED);
    }

    RunEnding withHint(String hint) {
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
