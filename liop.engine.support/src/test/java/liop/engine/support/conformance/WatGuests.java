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
