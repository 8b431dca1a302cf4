package liop.engine.graalwasm.runtime;

import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.UnlinkableException;
import liop.api.engine.ExecutionStatus;
import org.graalvm.polyglot.PolyglotException;

/**
 * How a guest's run ended, before outputs and measurements are attached. Statuses and messages are
 * the Chicory engine's, word for word, so that a node cannot tell the engines apart by them.
 *
 * @param status how it ended
 * @param message what happened, for a person; empty when OK
 * @param exitCode the WASI exit code, or -1 when the guest did not exit
 */
record RunEnding(ExecutionStatus status, String message, int exitCode) {

    static final int NO_EXIT = -1;
    private static final String HOST_HEAP = "the host ran out of heap while running the module; lower memoryMaxPages or give the node more heap";

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

    static RunEnding unlinkable(String message) {
        return new RunEnding(ExecutionStatus.INVALID, "the module cannot be linked: " + message, NO_EXIT);
    }


    /**
     * Classifies whatever ended the guest by throwing out of GraalWasm.
     *
     * @param instantiating whether the guest was being instantiated (segments, start function)
     */
    static RunEnding thrown(PolyglotException e, boolean instantiating) {
        if (e.isHostException()) {
            return thrown(e.asHostException(), instantiating);
        }
        if (e.isInterrupted() || e.isCancelled()) {
            return unavailable("the execution was interrupted by the host");
        }
        if (e.isExit()) {
            return exited(e.getExitStatus());
        }
        if (Traps.isStackExhausted(e.getMessage())) {
            return trap(instantiating, Traps.STACK_EXHAUSTED);
        }
        if (e.isResourceExhausted()) {
            return outOfMemory(HOST_HEAP);
        }
        return trap(instantiating, Traps.describeGuest(e.getMessage()));
    }

    /** A trap, worded as the Chicory engine words it for where the guest was. */
    static RunEnding trap(boolean instantiating, String what) {
        return new RunEnding(ExecutionStatus.TRAP, (instantiating ? "the module trapped: instantiation failed: " : "the module trapped: ") + what,
                NO_EXIT);
    }

    /** Classifies an exception from the host side: a WASI function, or the engine itself. */
    static RunEnding thrown(Throwable thrown, boolean instantiating) {
        WasiExitException exit = find(thrown, WasiExitException.class);
        if (exit != null) {
            return exited(exit.exitCode());
        }
        if (find(thrown, StackOverflowError.class) != null) {
            return trap(instantiating, Traps.STACK_EXHAUSTED);
        }
        if (find(thrown, OutOfMemoryError.class) != null) {
            return outOfMemory(HOST_HEAP);
        }
        if (thrown instanceof UnlinkableException) {
            return unlinkable(thrown.getMessage());
        }
        return trap(instantiating, Traps.describeHost(thrown));
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
