package liop.engine.graalwasm.runtime;

import static java.lang.System.Logger.Level.WARNING;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import liop.engine.support.run.GuestThread;
import org.graalvm.polyglot.Context;

/**
 * Stops one guest from another thread. The guest's polyglot context is interrupted, which GraalWasm
 * notices within microseconds in compiled code and within milliseconds in the interpreter (on loop
 * back-edges and calls); the context stays usable, so the final values of the guest's globals can
 * still be read. A guest still running after {@link GuestThread#STOP_GRACE_MILLIS} (stuck in a
 * host call) has its context cancelled, from a thread of its own so that the caller never waits.
 */
final class Stopper {

    private static final System.Logger LOG = System.getLogger(Stopper.class.getName());

    private Context context;
    private boolean stopped;

    /**
     * Hands the guest's context over, once created.
     *
     * @return false if the guest was stopped before it had a context: it must not start
     */
    synchronized boolean attach(Context created) {
        if (stopped) {
            return false;
        }
        context = created;
        return true;
    }

    /** Stops the guest running on {@code guest}, or keeps it from starting. */
    void stop(Thread guest) {
        Context running;
        synchronized (this) {
            stopped = true;
            running = context;
        }
        if (running == null) {
            return;
        }
        try {
            running.interrupt(Duration.ofMillis(GuestThread.STOP_GRACE_MILLIS));
        } catch (TimeoutException e) {
            LOG.log(WARNING, "guest {0} did not stop within {1} ms of its interrupt; cancelling its context",
                    guest.getName(), GuestThread.STOP_GRACE_MILLIS);
            Thread.ofPlatform().daemon().name(guest.getName() + "-cancel").start(() -> cancel(running));
        } catch (IllegalStateException e) {
            // the context was closed meanwhile: the guest is done
        }
    }

    private static void cancel(Context context) {
        try {
            context.close(true);
        } catch (RuntimeException e) {
            // cancelled or already closed: either way it no longer runs guest code
        }
    }
}
