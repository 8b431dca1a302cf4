package liop.engine.support.conformance;

import static liop.engine.support.conformance.WatGuests.sandbox;
import static liop.engine.support.conformance.WatGuests.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import liop.api.engine.ExecutionStatus;
import liop.api.engine.Preopen;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.api.engine.WasmEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A preopened directory is readable and nothing more: no writes of any kind, no way out through
 * {@code ..} or symbolic links. The guest sees {@code /data}, its descriptor 3. Every engine runs
 * these cases: its {@code PreopenTest} extends this and supplies the engine (both engines share the
 * WASI layer; these show that it reaches each engine's guests intact).
 */
public abstract class PreopenConformance {

    static final int EBADF = 8;
    static final int ENOENT = 44;
    static final int ENOTDIR = 54;
    static final int ENOTCAPABLE = 76;
    static final int EPERM = 63;
    static final int EROFS = 69;
    static final int EMFILE = 33;

    static final long RIGHT_FD_READ = 1 << 1;
    static final long RIGHT_FD_WRITE = 1 << 6;
    static final int LOOKUP_SYMLINK_FOLLOW = 1;
    static final int OFLAGS_CREAT = 1;
    static final int OFLAGS_DIRECTORY = 1 << 1;
    static final int OFLAGS_TRUNC = 1 << 3;
    static final int FDFLAGS_APPEND = 1;

    /** The engine under test, shared by the tests of a class as a node would share it. */
    protected abstract WasmEngine engine();

    private RunResult run(String wat, Sandbox sandbox) throws Exception {
        return WatGuests.run(engine(), wat, sandbox);
    }

    @TempDir
    Path root;
    Path data;

    /**
     * <pre>
     * root/secret.txt             outside the preopen
     * root/data/hello.txt         the preopen, seen by the guest as /data
     * root/data/sub/inner.txt
     * root/data/inside-link    -> hello.txt        stays inside: followed
     * root/data/passwd-link    -> /etc/passwd      absolute, outside
     * root/data/escape-link    -> ../secret.txt    relative, outside
     * root/data/up-link        -> ..               a directory outside, used as an intermediate component
     * </pre>
     */
    @BeforeEach
    void createTree() throws IOException {
        Files.writeString(root.resolve("secret.txt"), "top secret");
        data = Files.createDirectory(root.resolve("data"));
        Files.writeString(data.resolve("hello.txt"), "hi from the preopen");
        Files.createDirectory(data.resolve("sub"));
        Files.writeString(data.resolve("sub/inner.txt"), "inner");
        Files.createSymbolicLink(data.resolve("inside-link"), Path.of("hello.txt"));
        Files.createSymbolicLink(data.resolve("passwd-link"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(data.resolve("escape-link"), Path.of("../secret.txt"));
        Files.createSymbolicLink(data.resolve("up-link"), Path.of(".."));
    }

    private Sandbox withData() {
        return sandbox().withPreopens(List.of(new Preopen("/data", data))).withReportedGlobals(Set.of("errno", "errno2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello.txt", "./hello.txt", "sub/../hello.txt"})
    void files_in_the_preopen_can_be_read(String path) throws Exception {
        RunResult result = run(openAndPrint(path, RIGHT_FD_READ, 0, 0), withData());

        assertThat(result.globals()).containsEntry("errno", 0L);
        assertThat(text(result.stdout())).isEqualTo("hi from the preopen");
    }

    @Test
    void files_in_subdirectories_can_be_read() throws Exception {
        RunResult result = run(openAndPrint("sub/inner.txt", RIGHT_FD_READ, 0, 0), withData());

        assertThat(text(result.stdout())).isEqualTo("inner");
    }

    @Test
    void a_symlink_that_stays_inside_is_followed() throws Exception {
        RunResult result = run(openAndPrint("inside-link", RIGHT_FD_READ, 0, 0), withData());

        assertThat(text(result.stdout())).isEqualTo("hi from the preopen");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.txt", "sub/../../secret.txt", "/etc/passwd", "/dev/stdin", "../../../../proc/self/fd/0"})
    void dot_dot_and_absolute_paths_cannot_leave(String path) throws Exception {
        RunResult result = run(openAndPrint(path, RIGHT_FD_READ, 0, 0), withData());

        assertThat(result.globals()).containsEntry("errno", (long) EPERM);
        assertThat(result.stdout()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"passwd-link", "escape-link", "up-link/secret.txt", "sub/../up-link/data/escape-link"})
    void symlinks_leading_outside_look_like_missing_files(String path) throws Exception {
        RunResult result = run(openAndPrint(path, RIGHT_FD_READ, 0, 0), withData());

        assertThat(result.globals()).containsEntry("errno", (long) ENOENT);
        assertThat(text(result.stdout())).doesNotContain("root:").doesNotContain("top secret");
    }

    @Test
    void a_listing_shows_the_entries_that_can_be_reached() throws Exception {
        RunResult result = run(listRoot(), withData());

        assertThat(result.globals()).containsEntry("errno", 0L);
        assertThat(direntNames(result.stdout()))
                .containsExactlyInAnyOrder(".", "..", "hello.txt", "sub", "inside-link");
    }

    static Stream<Arguments> writes() {
        return Stream.of(
                Arguments.of("open for writing", openAndPrint("hello.txt", RIGHT_FD_READ | RIGHT_FD_WRITE, 0, 0)),
                Arguments.of("create", openAndPrint("new.txt", RIGHT_FD_READ, OFLAGS_CREAT, 0)),
                Arguments.of("truncate", openAndPrint("hello.txt", RIGHT_FD_READ, OFLAGS_TRUNC, 0)),
                Arguments.of("append", openAndPrint("hello.txt", RIGHT_FD_READ, 0, FDFLAGS_APPEND)),
                Arguments.of("mkdir", callOnPaths("path_create_directory", "(param i32 i32 i32)",
                        "(i32.const 3) (i32.const 256) (i32.const 6)", "newdir")),
                Arguments.of("unlink", callOnPaths("path_unlink_file", "(param i32 i32 i32)",
                        "(i32.const 3) (i32.const 256) (i32.const 9)", "hello.txt")),
                Arguments.of("rmdir", callOnPaths("path_remove_directory", "(param i32 i32 i32)",
                        "(i32.const 3) (i32.const 256) (i32.const 3)", "sub")),
                Arguments.of("rename", callOnPaths("path_rename", "(param i32 i32 i32 i32 i32 i32)",
                        "(i32.const 3) (i32.const 256) (i32.const 9) (i32.const 3) (i32.const 512) (i32.const 7)",
                        "hello.txt", "moved.txt")),
                Arguments.of("symlink", callOnPaths("path_symlink", "(param i32 i32 i32 i32 i32)",
                        "(i32.const 256) (i32.const 9) (i32.const 3) (i32.const 512) (i32.const 4)", "hello.txt", "link")),
                Arguments.of("hard link", callOnPaths("path_link", "(param i32 i32 i32 i32 i32 i32 i32)",
                        "(i32.const 3) (i32.const 0) (i32.const 256) (i32.const 9) (i32.const 3) (i32.const 512) (i32.const 4)",
                        "hello.txt", "hard")),
                Arguments.of("set times", callOnPaths("path_filestat_set_times", "(param i32 i32 i32 i32 i64 i64 i32)",
                        "(i32.const 3) (i32.const 0) (i32.const 256) (i32.const 9) (i64.const 0) (i64.const 0) (i32.const 5)",
                        "hello.txt")),
                Arguments.of("ftruncate", onOpenedFile("fd_filestat_set_size", "(param i32 i64)", "(i64.const 0)")),
                Arguments.of("fallocate", onOpenedFile("fd_allocate", "(param i32 i64 i64)", "(i64.const 0) (i64.const 4096)")),
                Arguments.of("futimes", onOpenedFile("fd_filestat_set_times", "(param i32 i64 i64 i32)",
                        "(i64.const 0) (i64.const 0) (i32.const 5)")),
                Arguments.of("pwrite", onOpenedFile("fd_pwrite", "(param i32 i32 i32 i64 i32)",
                        "(i32.const 0) (i32.const 1) (i64.const 0) (i32.const 8)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void every_kind_of_write_fails_with_EROFS_and_changes_nothing(String what, String wat) throws Exception {
        Map<String, String> before = snapshot(root);

        RunResult result = run(wat, withData());

        assertThat(result.status()).isEqualTo(ExecutionStatus.OK);
        // errno2 is set only by the guests that first open a file for reading (errno) and then write to it
        boolean onOpenedFile = result.globals().get("errno2") != -1;
        if (onOpenedFile) {
            assertThat(result.globals()).containsEntry("errno", 0L);
        }
        assertThat(result.globals().get(onOpenedFile ? "errno2" : "errno")).as(what).isEqualTo(EROFS);
        assertThat(snapshot(root)).isEqualTo(before);
    }

    @Test
    void opening_a_file_as_a_directory_is_ENOTDIR() throws Exception {
        RunResult result = run(openAndPrint("hello.txt", RIGHT_FD_READ, OFLAGS_DIRECTORY, 0), withData());

        assertThat(result.globals()).containsEntry("errno", (long) ENOTDIR);
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void writing_through_a_descriptor_opened_for_reading_is_not_capable() throws Exception {
        Map<String, String> before = snapshot(root);

        RunResult result = run(onOpenedFile("fd_write", "(param i32 i32 i32 i32)", "(i32.const 0) (i32.const 1) (i32.const 8)"), withData());

        assertThat(result.globals()).containsEntry("errno", 0L).containsEntry("errno2", (long) ENOTCAPABLE);
        assertThat(snapshot(root)).isEqualTo(before);
    }

    @Test
    void advice_is_taken_and_changes_nothing() throws Exception {
        Map<String, String> before = snapshot(root);

        RunResult result = run(onOpenedFile("fd_advise", "(param i32 i64 i64 i32)", "(i64.const 0) (i64.const 4096) (i32.const 1)"), withData());

        assertThat(result.globals()).containsEntry("errno", 0L).containsEntry("errno2", 0L);
        assertThat(snapshot(root)).isEqualTo(before);
    }

    /** Calls the WASI function {@code function} on descriptors and paths, then opens {@code path} relative to descriptor {@code dir}. */
    static String thenOpen(String calls, int dir, String path) {
        return """
                (module
                  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
                  (import "wasi_snapshot_preview1" "fd_renumber" (func $fd_renumber (param i32 i32) (result i32)))
                  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
                %s
                  (data (i32.const 256) "hello.txt")
                  (data (i32.const 512) "%s")
                  (func (export "_start")
                    %s
                    (global.set $errno2 (call $path_open (i32.const %d) (i32.const 1) (i32.const 512) (i32.const %d)
                      (i32.const 0) (i64.const %d) (i64.const 0) (i32.const 0) (i32.const 16)))))
                """.formatted(IMPORTS, path, calls, dir, path.length(), RIGHT_FD_READ);
    }

    @Test
    void a_closed_preopen_stays_closed() throws Exception {
        RunResult closed = run(thenOpen("(global.set $errno (call $fd_close (i32.const 3)))", 3, "hello.txt"), withData());
        RunResult listed = run(thenOpen("(drop (call $fd_close (i32.const 3))) (global.set $errno (call $fd_prestat_get (i32.const 3) (i32.const 32)))",
                3, "hello.txt"), withData());

        assertThat(closed.globals()).containsEntry("errno", 0L).containsEntry("errno2", (long) EBADF);
        assertThat(listed.globals()).containsEntry("errno", (long) EBADF);
    }

    @Test
    void a_renumbered_preopen_is_the_same_confined_directory() throws Exception {
        // opens hello.txt (descriptor 4), then moves the preopen from 3 onto 4
        String renumber = """
                (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 256) (i32.const 9)
                  (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 16)))
                (global.set $errno (call $fd_renumber (i32.const 3) (i32.load (i32.const 16))))""";

        RunResult inside = run(thenOpen(renumber, 4, "hello.txt"), withData());
        RunResult outside = run(thenOpen(renumber, 4, "../secret.txt"), withData());
        RunResult old = run(thenOpen(renumber, 3, "hello.txt"), withData());

        assertThat(inside.globals()).containsEntry("errno", 0L).containsEntry("errno2", 0L);
        assertThat(outside.globals()).containsEntry("errno2", (long) EPERM);
        assertThat(old.globals()).containsEntry("errno2", (long) EBADF);
    }

    @Test
    void a_guest_cannot_hold_more_than_128_descriptors() throws Exception {
        // Opens hello.txt 200 times without closing anything; counts the successes, keeps the last errno.
        String wat = """
                (module
                %s
                  (global $opened (export "opened") (mut i32) (i32.const 0))
                  (data (i32.const 256) "hello.txt")
                  (func (export "_start")
                    (local $i i32)
                    (loop $open
                      (global.set $errno (call $path_open (i32.const 3) (i32.const 0) (i32.const 256) (i32.const 9)
                        (i32.const 0) (i64.const %d) (i64.const 0) (i32.const 0) (i32.const 16)))
                      (if (i32.eqz (global.get $errno)) (then (global.set $opened (i32.add (global.get $opened) (i32.const 1)))))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (br_if $open (i32.lt_u (local.get $i) (i32.const 200))))))
                """.formatted(IMPORTS, RIGHT_FD_READ);

        RunResult result = run(wat, withData().withReportedGlobals(Set.of("opened", "errno")));

        assertThat(result.globals()).containsEntry("opened", 128L).containsEntry("errno", (long) EMFILE);
    }

    @Test
    void a_missing_host_directory_makes_the_node_unavailable_not_the_guest_wrong() throws Exception {
        Sandbox sandbox = sandbox().withPreopens(List.of(new Preopen("/data", root.resolve("missing"))));

        RunResult result = run(WatGuests.HELLO, sandbox);

        assertThat(result.status()).isEqualTo(ExecutionStatus.UNAVAILABLE);
        assertThat(result.message()).startsWith("preopen /data: its host directory is missing or not a directory");
    }

    // ---- guests ----

    private static final String IMPORTS = """
              (import "wasi_snapshot_preview1" "path_open"
                (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (memory 1 1)
              (global $errno (export "errno") (mut i32) (i32.const -1))
              (global $errno2 (export "errno2") (mut i32) (i32.const -1))
            """;

    /** Opens {@code path} under /data (descriptor 3), keeps the errno, copies the file to stdout. */
    static String openAndPrint(String path, long rights, int oflags, int fdflags) {
        return """
                (module
                %s
                  (data (i32.const 256) "%s")
                  (func (export "_start")
                    (local $fd i32) (local $n i32)
                    (global.set $errno (call $path_open (i32.const 3) (i32.const %d) (i32.const 256) (i32.const %d)
                      (i32.const %d) (i64.const %d) (i64.const 0) (i32.const %d) (i32.const 16)))
                    (if (global.get $errno) (then return))
                    (local.set $fd (i32.load (i32.const 16)))
                    (loop $copy
                      (i32.store (i32.const 0) (i32.const 1024))
                      (i32.store (i32.const 4) (i32.const 1024))
                      (drop (call $fd_read (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)))
                      (local.set $n (i32.load (i32.const 8)))
                      (if (local.get $n) (then
                        (i32.store (i32.const 4) (local.get $n))
                        (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                        (br $copy)))))
                )
                """.formatted(IMPORTS, path, LOOKUP_SYMLINK_FOLLOW, path.length(), oflags, rights, fdflags);
    }

    /** Calls {@code function} with paths placed at 256 and 512, keeping its errno. */
    static String callOnPaths(String function, String params, String args, String... paths) {
        String second = paths.length > 1 ? "(data (i32.const 512) \"" + paths[1] + "\")" : "";
        return """
                (module
                  (import "wasi_snapshot_preview1" "%s" (func $call %s (result i32)))
                %s
                  (data (i32.const 256) "%s")
                  %s
                  (func (export "_start") (global.set $errno (call $call %s))))
                """.formatted(function, params, IMPORTS, paths[0], second, args);
    }

    /** Opens hello.txt for reading, then calls {@code function} on its descriptor; errno2 is the call's. */
    static String onOpenedFile(String function, String params, String args) {
        return """
                (module
                  (import "wasi_snapshot_preview1" "%s" (func $call %s (result i32)))
                %s
                  (data (i32.const 256) "hello.txt")
                  (func (export "_start")
                    (global.set $errno (call $path_open (i32.const 3) (i32.const 0) (i32.const 256) (i32.const 9)
                      (i32.const 0) (i64.const %d) (i64.const 0) (i32.const 0) (i32.const 16)))
                    (i32.store (i32.const 0) (i32.const 256))
                    (i32.store (i32.const 4) (i32.const 9))
                    (global.set $errno2 (call $call (i32.load (i32.const 16)) %s))))
                """.formatted(function, params, IMPORTS, RIGHT_FD_READ, args);
    }

    /** Reads the directory entries of /data into memory and writes the raw buffer to stdout. */
    static String listRoot() {
        return """
                (module
                  (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
                %s
                  (func (export "_start")
                    (global.set $errno (call $fd_readdir (i32.const 3) (i32.const 1024) (i32.const 4096) (i64.const 0) (i32.const 8)))
                    (i32.store (i32.const 0) (i32.const 1024))
                    (i32.store (i32.const 4) (i32.load (i32.const 8)))
                    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
                """.formatted(IMPORTS);
    }

    /** Names in a buffer of WASI dirents: 8 next, 8 inode, 4 name length, 1 type, 3 padding, then the name. */
    static List<String> direntNames(byte[] buffer) {
        List<String> names = new ArrayList<>();
        java.nio.ByteBuffer entries = java.nio.ByteBuffer.wrap(buffer).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        while (entries.remaining() >= 24) {
            int nameLength = entries.getInt(entries.position() + 16);
            entries.position(entries.position() + 24);
            byte[] name = new byte[nameLength];
            entries.get(name);
            names.add(new String(name, StandardCharsets.UTF_8));
        }
        return names;
    }

    /** Every path under {@code dir} with the content of regular files (links are not followed). */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.toList()) {
                String content = Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        ? Files.readString(path) + " @" + Files.getLastModifiedTime(path)
                        : "";
                tree.put(dir.relativize(path).toString(), content);
            }
        }
        return tree;
    }
}
