package liop.engine.support.conformance;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import liop.api.engine.CompiledModule;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.api.engine.WasmEngine;

/** Guests written in WAT for the engines' tests, and the few steps every test takes to run one. */
public final class WatGuests {

    /** A module that prints a string literal and returns. */
    public static final String HELLO = """
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
    public static final String ECHO = """
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
    public static final String INFINITE_LOOP = """
            (module
              (memory 1 1)
              (func (export "_start")
                (loop $forever (br $forever))))
            """;

    private static final Map<String, byte[]> TRANSLATED = new ConcurrentHashMap<>();

    private WatGuests() {}

    /** The binary of {@code wat}, translated once (wabt runs on Chicory itself: tens of milliseconds a module). */
    public static byte[] wasm(String wat) {
        return TRANSLATED.computeIfAbsent(wat, WatGuests::translate).clone();
    }

    private static byte[] translate(String wat) {
        try {
            return Wat2Wasm.parse(wat);
        } catch (RuntimeException e) {
            // wabt prints its diagnostics to a stderr nobody captures; `wat2wasm` shows them
            throw new AssertionError("the test's WAT does not compile:\n" + wat, e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    public static CompiledModule compile(WasmEngine on, byte[] wasm) throws InvalidModuleException {
        return on.compile(wasm, sha256(wasm));
    }

    public static RunResult run(WasmEngine on, String wat, Sandbox sandbox) throws InvalidModuleException {
        return compile(on, wasm(wat)).run(sandbox);
    }

    public static Sandbox sandbox() {
        return Sandbox.of(new byte[0]);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A WAT data string for {@code text} (no quotes or backslashes in test paths). */
    public static String data(String text) {
        return "\"" + text + "\"";
    }
}
