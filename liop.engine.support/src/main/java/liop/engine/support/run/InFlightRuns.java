package liop.engine.support.run;

import java.time.Duration;

/** Counts the runs in progress so that an engine going away can wait for them to finish. */
public final class InFlightRuns {

    private int running;

    public synchronized void started() {
        running++;
    }

    public synchronized void finished() {
        running--;
        if (running == 0) {
            notifyAll();
        }
    }

    public synchronized int running() {
        return running;
    }

    /**
     * Waits until no run is in progress, or until {@code timeout} has passed.
     *
     * @return whether every run finished in time
     */
    public synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running > 0) {
            long leftMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (leftMillis <= 0) {
                return false;
            }
            wait(leftMillis);
        }
        return true;
    }
}
