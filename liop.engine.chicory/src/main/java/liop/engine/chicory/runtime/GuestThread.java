package liop.engine.chicory.runtime;

import static java.lang.System.Logger.Level.WARNING;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The thread a guest runs on, and the deadline it is held to.
 *
 * <p>A platform thread with a stack of its own ({@link CallStack#THREAD_STACK_BYTES}), so the call
 * depth a guest can reach does not depend on which thread called {@code run}. At the deadline the
 * thread is interrupted: compiled code checks for interruption on calls and backward branches, the
 * interpreter on calls and {@code br}, and {@link InterpreterGuard} makes it check every thousand
 * instructions too, so even a tight infinite loop stops within microseconds. Host functions that
 * could work for long check too ({@link liop.engine.chicory.wasi.GuardedWasi}'s {@code fd_write}).
 */
final class GuestThread {

    private static final long STOP_GRACE_MILLIS = 1_000;
    private static final System.Logger LOG = System.getLogger(GuestThread.class.getName());

    private final Thread thread;
    private final CompletableFuture<RunEnding> ending = new CompletableFuture<>();

    private GuestThread(String name, Supplier<RunEnding> guest) {
        this.thread = new Thread(null, () -> ending.complete(guest.get()), name, CallStack.THREAD_STACK_BYTES);
        this.thread.setDaemon(true);
    }

    /**
     * Starts {@code guest}, which must not throw.
     *
     * @throws OutOfMemoryError if the host cannot create one more thread
     */
    static GuestThread start(String name, Supplier<RunEnding> guest) {
        GuestThread started = new GuestThread(name, guest);
        started.thread.start();
        return started;
    }

    /** Waits for the guest's ending, stopping it at the deadline. */
    RunEnding await(long deadlineMillis) {
        try {
            return ending.get(deadlineMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stop();
            return RunEnding.deadline(deadlineMillis);
        } catch (InterruptedException e) {
            stop();
            Thread.currentThread().interrupt();
            return RunEnding.unavailable("the execution was cancelled: the calling thread was interrupted");
        } catch (ExecutionException e) {
            return RunEnding.thrown(RunEnding.Phase.RUN, e.getCause());
        }
    }

    private void stop() {
        thread.interrupt();
        try {
            ending.get(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(WARNING, "guest thread {0} did not stop within {1} ms of its interrupt; abandoned, it ends when it next checks",
                    thread.getName(), STOP_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // its ending no longer matters: the deadline or the caller decided
        }
    }
}
