package liop.engine.graalwasm;

import static liop.engine.graalwasm.Guests.run;
import static liop.engine.graalwasm.Guests.sandbox;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import org.junit.jupiter.api.Test;

/**
 * The Chicory engine's capability tests, run on GraalWasm. No ambient authority: clocks, randomness
 * and sockets answer ENOTCAPABLE unless granted, although GraalWasm's own WASI could not deny them.
 */
class CapabilityTest {

    static final long ENOTCAPABLE = 76;

    /** Reads the realtime clock and its resolution, keeping errnos and the time in globals. */
    static final String CLOCK = """
            (module
              (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
              (import "wasi_snapshot_preview1" "clock_res_get" (func $clock_res_get (param i32 i32) (result i32)))
              (memory 1 1)
              (global $time_errno (export "time_errno") (mut i32) (i32.const -1))
              (global $res_errno (export "res_errno") (mut i32) (i32.const -1))
              (global $now (export "now") (mut i64) (i64.const 0))
              (func (export "_start")
                (global.set $time_errno (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 16)))
                (global.set $now (i64.load (i32.const 16)))
                (global.set $res_errno (call $clock_res_get (i32.const 0) (i32.const 16)))))
            """;

    /** Asks for 32 random bytes and counts the non-zero ones. */
    static final String RANDOM = """
            (module
              (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
              (memory 1 1)
              (global $errno (export "errno") (mut i32) (i32.const -1))
              (global $nonzero (export "nonzero") (mut i32) (i32.const 0))
              (func (export "_start")
                (local $i i32)
                (global.set $errno (call $random_get (i32.const 64) (i32.const 32)))
                (loop $count
                  (if (i32.load8_u (i32.add (i32.const 64) (local.get $i)))
                    (then (global.set $nonzero (i32.add (global.get $nonzero) (i32.const 1)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $count (i32.lt_u (local.get $i) (i32.const 32))))))
            """;

    private static final Set<String> CLOCK_GLOBALS = Set.of("time_errno", "res_errno", "now");
    private static final Set<String> RANDOM_GLOBALS = Set.of("errno", "nonzero");

    @Test
    void without_the_clock_capability_clocks_are_not_capable() throws Exception {
        RunResult result = run(CLOCK, sandbox().withReportedGlobals(CLOCK_GLOBALS));

        assertThat(result.globals())
                .containsEntry("time_errno", ENOTCAPABLE)
                .containsEntry("res_errno", ENOTCAPABLE)
                .containsEntry("now", 0L);
    }

    @Test
    void with_the_clock_capability_the_guest_reads_the_real_time() throws Exception {
        long before = nanosSinceEpoch(Instant.now());

        RunResult result = run(CLOCK, sandbox().withClock(true).withReportedGlobals(CLOCK_GLOBALS));

        assertThat(result.globals()).containsEntry("time_errno", 0L).containsEntry("res_errno", 0L);
        assertThat(result.globals().get("now")).isBetween(before, nanosSinceEpoch(Instant.now()));
    }

    @Test
    void without_the_random_capability_random_get_is_not_capable() throws Exception {
        RunResult result = run(RANDOM, sandbox().withReportedGlobals(RANDOM_GLOBALS));

        assertThat(result.globals()).containsEntry("errno", ENOTCAPABLE).containsEntry("nonzero", 0L);
    }

    @Test
    void with_the_random_capability_the_guest_gets_random_bytes() throws Exception {
        RunResult result = run(RANDOM, sandbox().withRandom(true).withReportedGlobals(RANDOM_GLOBALS));

        assertThat(result.globals()).containsEntry("errno", 0L);
        assertThat(result.globals().get("nonzero")).isGreaterThan(20L);
    }

    @Test
    void poll_oneoff_is_a_clock_too() throws Exception {
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
                  (memory 1 1)
                  (global $errno (export "errno") (mut i32) (i32.const -1))
                  (func (export "_start")
                    ;; one subscription at 0: userdata 0, tag 0 (clock), realtime, timeout 1 ns, absolute
                    (i32.store8 (i32.const 8) (i32.const 0))
                    (i64.store (i32.const 24) (i64.const 1))
                    (i32.store16 (i32.const 40) (i32.const 1))
                    (global.set $errno (call $poll (i32.const 0) (i32.const 1024) (i32.const 1) (i32.const 2048)))))
                """;

        RunResult result = run(wat, sandbox().withReportedGlobals(Set.of("errno")));

        assertThat(result.globals()).containsEntry("errno", ENOTCAPABLE);
    }

    @Test
    void sockets_are_not_capable_rather_than_a_trap() throws Exception {
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
                  (memory 1 1)
                  (global $errno (export "errno") (mut i32) (i32.const -1))
                  (func (export "_start") (global.set $errno (call $accept (i32.const 3) (i32.const 0) (i32.const 16)))))
                """;

        RunResult result = run(wat, sandbox().withReportedGlobals(Set.of("errno")));

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(result.globals()).containsEntry("errno", ENOTCAPABLE);
    }

    @Test
    void the_hosts_environment_does_not_leak_into_the_guest() throws Exception {
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (param i32 i32) (result i32)))
                  (memory 1 1)
                  (global $count (export "count") (mut i32) (i32.const -1))
                  (func (export "_start")
                    (drop (call $sizes (i32.const 16) (i32.const 20)))
                    (global.set $count (i32.load (i32.const 16)))))
                """;
        assertThat(System.getenv()).isNotEmpty();

        RunResult result = run(wat, Sandbox.of(new byte[0]).withReportedGlobals(Set.of("count")));

        assertThat(result.globals()).containsEntry("count", 0L);
    }

    private static long nanosSinceEpoch(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
