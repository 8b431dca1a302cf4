package liop.engine.graalwasm;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import liop.api.engine.CompiledModule;
import liop.api.engine.InvalidModuleException;
import liop.api.engine.RunResult;
import liop.api.engine.Sandbox;
import liop.api.engine.WasmEngine;
import liop.engine.chicory.ChicoryEngine;

/** Guest modules written in WAT for the tests, the sample guests, and the engines to run them on. */
final class Guests {

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

    /**
     * The mode the tests expect the engine to run in: {@code interpreter} on a plain test JVM,
     * {@code optimizing} with {@code -P optimizing-runtime}.
     */
    static final String EXPECTED_MODE = System.getProperty("liop.test.graalwasm.mode", "interpreter");

    private static GraalWasmEngine engine;
    private static ChicoryEngine chicory;

    private Guests() {}

    /** One engine for all tests, as a node would have: starting one loads Truffle. */
    static synchronized GraalWasmEngine engine() {
        if (engine == null) {
            engine = new GraalWasmEngine("graalwasm-test", ExecutionMode.AUTO, 64);
        }
        return engine;
    }

    /** The reference: the Chicory engine in its default (compiler) mode. */
    static synchronized ChicoryEngine chicory() {
        if (chicory == null) {
            chicory = new ChicoryEngine("chicory-test", liop.engine.chicory.ExecutionMode.COMPILER, 64);
        }
        return chicory;
    }

    static byte[] wasm(String wat) {
        try {
            return Wat2Wasm.parse(wat);
        } catch (RuntimeException e) {
            // wabt prints its diagnostics to a stderr nobody captures; `wat2wasm` shows them
            throw new AssertionError("the test's WAT does not compile:\n" + wat, e);
        }
    }

    /** A sample guest from the guests module: {@code guests/<name>.wasm} on the class path. */
    static byte[] sample(String name) {
        try (InputStream in = Guests.class.getResourceAsStream("/guests/" + name + ".wasm")) {
            return Objects.requireNonNull(in, "guests/" + name + ".wasm is not on the class path").readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static CompiledModule compile(WasmEngine on, byte[] wasm) throws InvalidModuleException {
        return on.compile(wasm, sha256(wasm));
    }

    static CompiledModule compile(String wat) throws InvalidModuleException {
        return compile(engine(), wasm(wat));
    }

    static RunResult run(String wat, Sandbox sandbox) throws InvalidModuleException {
        return compile(wat).run(sandbox);
    }

    static Sandbox sandbox() {
        return Sandbox.of(new byte[0]);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
