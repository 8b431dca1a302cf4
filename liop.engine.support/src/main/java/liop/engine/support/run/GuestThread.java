package liop.engine.support.run;

import static java.lang.System.Logger.Level.WARNING;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import liop.engine.support.depth.CallStack;

/**
 * The thread a guest runs on, and the deadline it is held to.
 *
 * <p>A platform thread with a stack of its own ({@link CallStack#THREAD_STACK_BYTES}), so the call
 * depth a guest can reach does not depend on which thread called {@code run}: the module's call
 * depth limit, not the thread, ends a runaway recursion. At the deadline the engine tells the guest
 * to stop, in its own way (the Chicory engine interrupts the thread, the GraalWasm engine the
 * guest's polyglot context), and the guest gets {@value #STOP_GRACE_MILLIS} ms to do so before it is
 * abandoned.
 */
public final class GuestThread {

    /** How long a guest told to stop gets to do so before it is abandoned. */
    public static final long STOP_GRACE_MILLIS = 1_000;

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
    public static GuestThread start(String name, Supplier<RunEnding> guest) {
        return start(name, Thread.currentThread().getContextClassLoader(), guest);
    }

    /**
     * Starts {@code guest}, which must not throw, with {@code contextClassLoader} as the thread's
     * context class loader (where libraries such as Truffle look for their services).
     *
     * @throws OutOfMemoryError if the host cannot create one more thread
     */
    public static GuestThread start(String name, ClassLoader contextClassLoader, Supplier<RunEnding> guest) {
        GuestThread started = new GuestThread(name, guest);
        started.thread.setContextClassLoader(contextClassLoader);
        started.thread.start();
        return started;
    }

    /**
     * Waits for the guest's ending, stopping it at the deadline. When this returns, the guest is
     * done, or was given {@link #STOP_GRACE_MILLIS} to stop and has been abandoned.
     *
     * @param stop tells the guest on the given thread to stop
     */
    public RunEnding await(long deadlineMillis, Consumer<Thread> stop) {
        try {
            return ending.get(deadlineMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stop(stop);
            return RunEnding.deadline(deadlineMillis);
        } catch (InterruptedException e) {
            stop(stop);
            Thread.currentThread().interrupt();
            return RunEnding.callerInterrupted();
        } catch (ExecutionException e) {
            return RunEnding.thrown(RunEnding.Phase.RUN, e.getCause());
        }
    }

    private void stop(Consumer<Thread> stop) {
        stop.accept(thread);
        try {
            ending.get(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(WARNING, "guest thread {0} did not stop within {1} ms of being told to; abandoned, it ends when it next checks",
                    thread.getName(), STOP_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // its ending no longer matters: the deadline or the caller decided
        }
    }
}
