package liop.engine.support.run;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import liop.api.engine.Sandbox;
import liop.engine.support.wasi.SandboxWasi;

/**
 * How both engines start one run and wait for its end: refuse a sandbox whose memory limit the
 * module cannot meet, open the sandbox's WASI functions writing to this run's bounded output, start
 * the guest on a {@link GuestThread} of its own and hold it to the deadline. The engine supplies the
 * guest (what runs on that thread: instantiate, call {@code _start}) and how to stop it.
 */
public final class GuestLaunch {

    private final Sandbox sandbox;
    private final SecureRandom random;
    private final String threadName;
    private final BoundedOutput stdout;
    private final BoundedOutput stderr;

    /**
     * @param random the source of the guest's random bytes, when the sandbox grants them
     * @param threadName the name of the guest's thread, for thread dumps
     */
    public GuestLaunch(Sandbox sandbox, SecureRandom random, String threadName) {
        this.sandbox = sandbox;
        this.random = random;
        this.threadName = threadName;
        this.stdout = new BoundedOutput(sandbox.limits().stdoutMaxBytes());
        this.stderr = new BoundedOutput(sandbox.limits().stderrMaxBytes());
    }

    /** What the guest wrote to standard output, up to the sandbox's limit. */
    public BoundedOutput stdout() {
        return stdout;
    }

    /** What the guest wrote to standard error, up to the sandbox's limit. */
    public BoundedOutput stderr() {
        return stderr;
    }

    /**
     * Runs {@code guest} to its end, whatever that is. Never throws.
     *
     * @param memory the memory the module declares, checked against the sandbox's limit first
     * @param contextClassLoader the guest thread's context class loader
     * @param guest runs on the guest's thread with the run's WASI functions, which it must close; must not throw
     * @param stop tells the guest on the given thread to stop, at the deadline
     */
    public RunEnding startAndAwait(DeclaredMemory memory, ClassLoader contextClassLoader,
            Function<SandboxWasi, RunEnding> guest, Consumer<Thread> stop) {
        Optional<String> refusal = memory.refusal(sandbox.limits());
        if (refusal.isPresent()) {
            return RunEnding.outOfMemory(refusal.get());
        }
        SandboxWasi wasi;
        try {
            wasi = SandboxWasi.open(sandbox, stdout, stderr, random);
        } catch (SandboxWasi.MissingPreopenException e) {
            return RunEnding.unavailable(e.getMessage());
        }
        GuestThread started;
        try {
            started = GuestThread.start(threadName, contextClassLoader, () -> guest.apply(wasi));
        } catch (OutOfMemoryError e) {
            wasi.close();
            return RunEnding.noThread(e);
        }
        return started.await(sandbox.limits().deadlineMillis(), stop);
    }
}
