package liop.engine.support.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicReference;
import liop.api.engine.ExecutionStatus;
import org.junit.jupiter.api.Test;

class GuestThreadTest {

    @Test
    void a_guest_that_ends_in_time_gives_its_own_ending() {
        GuestThread guest = GuestThread.start("guest", RunEnding::returned);

        assertThat(guest.await(10_000, thread -> {
            throw new AssertionError("a guest that ended in time is not stopped");
        })).isEqualTo(RunEnding.returned());
    }

    @Test
    void a_guest_still_running_at_its_deadline_is_told_to_stop() {
        AtomicReference<Thread> stopped = new AtomicReference<>();
        GuestThread guest = GuestThread.start("sleeper", () -> {
            try {
                Thread.sleep(60_000);
                return RunEnding.returned();
            } catch (InterruptedException e) {
                return RunEnding.interrupted();
            }
        });

        RunEnding ending = guest.await(50, thread -> {
            stopped.set(thread);
            thread.interrupt();
        });

        assertThat(ending.status()).isEqualTo(ExecutionStatus.DEADLINE);
        assertThat(ending.message()).isEqualTo("the module was stopped at its deadline of 50 ms");
        assertThat(stopped.get().getName()).isEqualTo("sleeper");
    }

    @Test
    void the_guest_runs_with_the_context_class_loader_it_is_given() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[0])) {
            AtomicReference<ClassLoader> seen = new AtomicReference<>();

            GuestThread.start("guest", loader, () -> {
                seen.set(Thread.currentThread().getContextClassLoader());
                return RunEnding.returned();
            }).await(10_000, Thread::interrupt);

            assertThat(seen.get()).isSameAs(loader);
        }
    }
}
