package liop.engine.chicory;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import liop.api.engine.CompiledModule;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;

/** Guest modules written in WAT for the tests, and one engine per mode to run them. */
final class Guests {

    static final String WASI = "wasi_snapshot_preview1";

    /** A module that prints a string literal and returns. */
    static final String HELLO = """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1 1)
              (data (i32.const 16) "hello, world\\n")
              (func (export "_start")
                (i32.store (i32.const 0) (i32.const 16))  ;; iovec.buf
                (i32.store (i32.const 4) (i32.const 13))  ;; iovec.len
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
            """;

    /** A module that copies stdin to stdout, 1 KiB at a time. */
    static final String ECHO = """
            (module
              (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1 1)
              (func (export "_start")
                (local $n i32)
                (loop $copy
                  (i32.store (i32.const 0) (i32.const 1024))
                  (i32.store (i32.const 4) (i32.const 1024))
                  (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
                  (local.set $n (i32.load (i32.const 8)))
                  (if (i32.gt_u (local.get $n) (i32.const 0))
                    (then
                      (i32.store (i32.const 4) (local.get $n))
                      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                      (br $copy))))))
            """;

    /** A module whose {@code _start} never returns. */
    static final String INFINITE_LOOP = """
            (module
              (memory 1 1)
              (func (export "_start")
                (loop $forever (br $forever))))
            """;

    private static final Map<ExecutionMode, ChicoryEngine> ENGINES = new EnumMap<>(ExecutionMode.class);
    private static final Map<String, byte[]> TRANSLATED = new ConcurrentHashMap<>();

    private Guests() {}

    /** A shared engine per mode, as a node would have. */
    static synchronized ChicoryEngine engine(ExecutionMode mode) {
        return ENGINES.computeIfAbsent(mode, m -> new ChicoryEngine("chicory-" + m.configValue(), m, 64));
    }

    /** The binary of {@code wat}, translated once (wabt runs on Chicory itself: tens of milliseconds a module). */
    static byte[] wasm(String wat) {
        return TRANSLATED.computeIfAbsent(wat, Guests::translate).clone();
    }

    private static byte[] translate(String wat) {
        try {
            return Wat2Wasm.parse(wat);
        } catch (RuntimeException e) {
            // wabt prints its diagnostics to a stderr nobody captures; `wat2wasm` shows them
            throw new AssertionError("the test's WAT does not compile:\n" + wat, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static CompiledModule compile(ExecutionMode mode, String wat) throws InvalidModuleException {
        return compile(mode, wasm(wat));
    }

    static CompiledModule compile(ExecutionMode mode, byte[] wasm) throws InvalidModuleException {
        return engine(mode).compile(wasm, sha256(wasm));
    }

    static RunResult run(ExecutionMode mode, byte[] wasm, Sandbox sandbox) throws InvalidModuleException {
        return compile(mode, wasm).run(sandbox);
    }

    static RunResult run(ExecutionMode mode, String wat, Sandbox sandbox) throws InvalidModuleException {
        return compile(mode, wat).run(sandbox);
    }

    static RunResult run(String wat, Sandbox sandbox) throws InvalidModuleException {
        return run(ExecutionMode.COMPILER, wat, sandbox);
    }

    static Sandbox sandbox() {
        return Sandbox.of(new byte[0]);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A WAT data string for {@code text} (no quotes or backslashes in test paths). */
    static String data(String text) {
        return "\"" + text + "\"";
    }
}
