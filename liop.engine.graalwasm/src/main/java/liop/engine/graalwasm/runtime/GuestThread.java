package liop.engine.graalwasm.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import liop.engine.chicory.runtime.CallStack;

/**
 * The thread a guest runs on, and the deadline it is held to.
 *
 * <p>A platform thread with a stack of its own, as large as the Chicory engine gives its guests
 * ({@link CallStack#THREAD_STACK_BYTES}): room for the deepest nesting the module's call depth
 * limit allows, so that the limit, not the thread, ends a runaway recursion.
 * Its context class loader is the polyglot API's, where Truffle looks for its languages and services.
 * At the deadline the caller asks the {@link Stopper} to interrupt the guest's polyglot context.
 */
final class GuestThread {

    /** How long an interrupted guest gets to stop before it is abandoned. */
    static final long STOP_GRACE_MILLIS = 1_000;

    private final Thread thread;
    private final CompletableFuture<RunEnding> ending = new CompletableFuture<>();

    private GuestThread(String name, Supplier<RunEnding> guest) {
        this.thread = new Thread(null, () -> ending.complete(guest.get()), name, CallStack.THREAD_STACK_BYTES);
        this.thread.setDaemon(true);
        this.thread.setContextClassLoader(GraalWasm.polyglotClassLoader());
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

    /**
     * Waits for the guest's ending, stopping it at the deadline. When this returns, the guest is
     * done, or was given {@link #STOP_GRACE_MILLIS} to stop and has been abandoned.
     */
    RunEnding await(long deadlineMillis, Stopper stopper) {
        try {
            return ending.get(deadlineMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stop(stopper);
            return RunEnding.deadline(deadlineMillis);
        } catch (InterruptedException e) {
            stop(stopper);
            Thread.currentThread().interrupt();
            return RunEnding.unavailable("the execution was cancelled: the calling thread was interrupted");
        } catch (ExecutionException e) {
            return RunEnding.thrown(e.getCause(), false);
        }
    }

    private void stop(Stopper stopper) {
        stopper.stop(thread.getName());
        try {
            ending.get(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the stopper said what it could do; the ending no longer matters
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
