package liop.engine.support.conformance;

import static liop.engine.support.conformance.WatGuests.sandbox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.Set;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.api.engine.WasmEngine;
import org.junit.jupiter.api.Test;

/**
 * What every engine must deny or give a guest, whatever runs it: each engine's {@code CapabilityTest}
 * extends this and supplies the engine. No ambient authority: clocks, randomness and sockets answer
 * ENOTCAPABLE unless granted; a guest has no arguments but its name, no environment, and no
 * directory unless one is preopened (then each engine's {@code PreopenTest}). Each guest keeps the errnos it
 * got in exported globals.
 */
public abstract class CapabilityConformance {

    public static final long EBADF = 8;
    public static final long EFAULT = 21;
    public static final long ENOTDIR = 54;
    public static final long ENOTCAPABLE = 76;

    /** Reads the realtime clock and its resolution, keeping errnos and the time in globals. */
    public static final String CLOCK = """
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
    public static final String RANDOM = """
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

    /** The engine under test, shared by the tests of a class as a node would share it. */
    protected abstract WasmEngine engine();

    private RunResult run(String wat, Sandbox sandbox) throws Exception {
        return WatGuests.run(engine(), wat, sandbox);
    }

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
    void poll_oneoff_is_not_capable_without_the_clock_even_for_stdin_alone() throws Exception {
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
                  (memory 1 1)
                  (global $errno (export "errno") (mut i32) (i32.const -1))
                  (func (export "_start")
                    ;; one subscription at 0: userdata 0, tag 1 (fd_read), fd 0
                    (i32.store8 (i32.const 8) (i32.const 1))
                    (i32.store (i32.const 16) (i32.const 0))
                    (global.set $errno (call $poll (i32.const 0) (i32.const 1024) (i32.const 1) (i32.const 2048)))))
                """;

        RunResult result = run(wat, Sandbox.of("{}".getBytes()).withReportedGlobals(Set.of("errno")));

        assertThat(result.globals()).containsEntry("errno", ENOTCAPABLE);
    }

    @Test
    void sockets_are_not_capable_rather_than_a_trap() throws Exception {
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "sock_recv" (func $recv (param i32 i32 i32 i32 i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "sock_send" (func $send (param i32 i32 i32 i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "sock_shutdown" (func $shutdown (param i32 i32) (result i32)))
                  (memory 1 1)
                  (global $accept (export "accept") (mut i32) (i32.const -1))
                  (global $recv (export "recv") (mut i32) (i32.const -1))
                  (global $send (export "send") (mut i32) (i32.const -1))
                  (global $shutdown (export "shutdown") (mut i32) (i32.const -1))
                  (func (export "_start")
                    (global.set $accept (call $accept (i32.const 3) (i32.const 0) (i32.const 16)))
                    (global.set $recv (call $recv (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 16) (i32.const 20)))
                    (global.set $send (call $send (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 16)))
                    (global.set $shutdown (call $shutdown (i32.const 1) (i32.const 2)))))
                """;

        RunResult result = run(wat, sandbox().withReportedGlobals(Set.of("accept", "recv", "send", "shutdown")));

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(result.globals()).containsOnly(
                entry("accept", ENOTCAPABLE), entry("recv", ENOTCAPABLE), entry("send", ENOTCAPABLE), entry("shutdown", ENOTCAPABLE));
    }

    @Test
    void the_only_argument_is_the_modules_name() throws Exception {
        // keeps argc and the size of the strings, then the strings themselves as stdout
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "args_get" (func $args (param i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
                  (memory 1 1)
                  (global $argc (export "argc") (mut i32) (i32.const -1))
                  (global $bytes (export "bytes") (mut i32) (i32.const -1))
                  (func (export "_start")
                    (drop (call $sizes (i32.const 16) (i32.const 20)))
                    (global.set $argc (i32.load (i32.const 16)))
                    (global.set $bytes (i32.load (i32.const 20)))
                    (drop (call $args (i32.const 512) (i32.const 1024)))
                    (i32.store (i32.const 0) (i32.const 1024))
                    (i32.store (i32.const 4) (global.get $bytes))
                    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
                """;

        RunResult result = run(wat, Sandbox.of(new byte[0]).withReportedGlobals(Set.of("argc", "bytes")));

        assertThat(result.globals()).containsEntry("argc", 1L).containsEntry("bytes", 7L);
        assertThat(WatGuests.text(result.stdout())).isEqualTo("module\0");
    }

    @Test
    void without_a_preopen_there_is_no_directory_and_stdio_is_not_one() throws Exception {
        // path_open relative to fd 3 (no such descriptor) and to stdin, stdout and stderr;
        // fd_prestat_get, which lists preopens, on the same descriptors
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "path_open"
                    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
                  (memory 1 1)
                  (data (i32.const 256) "etc/passwd")
                  (global $open3 (export "open3") (mut i32) (i32.const -1))
                  (global $open0 (export "open0") (mut i32) (i32.const -1))
                  (global $open1 (export "open1") (mut i32) (i32.const -1))
                  (global $open2 (export "open2") (mut i32) (i32.const -1))
                  (global $prestat3 (export "prestat3") (mut i32) (i32.const -1))
                  (global $prestat0 (export "prestat0") (mut i32) (i32.const -1))
                  (func $open (param $dir i32) (result i32)
                    (call $path_open (local.get $dir) (i32.const 1) (i32.const 256) (i32.const 10)
                      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 16)))
                  (func (export "_start")
                    (global.set $open3 (call $open (i32.const 3)))
                    (global.set $open0 (call $open (i32.const 0)))
                    (global.set $open1 (call $open (i32.const 1)))
                    (global.set $open2 (call $open (i32.const 2)))
                    (global.set $prestat3 (call $prestat (i32.const 3) (i32.const 32)))
                    (global.set $prestat0 (call $prestat (i32.const 0) (i32.const 32)))))
                """;

        RunResult result = run(wat, sandbox().withReportedGlobals(Set.of("open3", "open0", "open1", "open2", "prestat3", "prestat0")));

        assertThat(result.globals()).containsOnly(
                entry("open3", EBADF), entry("open0", ENOTDIR), entry("open1", ENOTDIR), entry("open2", ENOTDIR),
                entry("prestat3", EBADF), entry("prestat0", EBADF));
    }

    @Test
    void iovecs_outside_the_guests_memory_are_a_fault_not_a_host_allocation() throws Exception {
        // a one-page guest asks to read 2 GiB into its memory, to write past its end, and passes an
        // iovec array that itself lies past the end
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
                  (memory 1 1)
                  (global $read (export "read") (mut i32) (i32.const -1))
                  (global $write (export "write") (mut i32) (i32.const -1))
                  (global $array (export "array") (mut i32) (i32.const -1))
                  (func (export "_start")
                    (i32.store (i32.const 0) (i32.const 64))
                    (i32.store (i32.const 4) (i32.const 0x7ffffff0))
                    (global.set $read (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
                    (i32.store (i32.const 0) (i32.const 65000))
                    (i32.store (i32.const 4) (i32.const 1000))
                    (global.set $write (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                    (global.set $array (call $fd_write (i32.const 1) (i32.const 65532) (i32.const 2) (i32.const 8)))))
                """;

        RunResult result = run(wat, Sandbox.of("some input".getBytes()).withReportedGlobals(Set.of("read", "write", "array")));

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        assertThat(result.globals()).containsOnly(entry("read", EFAULT), entry("write", EFAULT), entry("array", EFAULT));
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void proc_raise_ends_the_run_as_a_trap_that_names_the_signal() throws Exception {
        String wat = """
                (module
                  (import "wasi_snapshot_preview1" "proc_raise" (func $raise (param i32) (result i32)))
                  (func (export "_start") (drop (call $raise (i32.const 6)))))
                """;

        RunResult result = run(wat, sandbox());

        assertThat(result.status()).isEqualTo(ExecutionStatus.TRAP);
        assertThat(result.message()).isEqualTo("the module trapped: it raised signal 6 with proc_raise, which ends it");
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
