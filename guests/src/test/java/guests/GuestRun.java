package guests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run of a built guest on Chicory, fed the way a node feeds it: JSON on stdin, nothing else
 * unless a directory is preopened. The guests come from the classpath ({@code guests/<name>.wasm}),
 * exactly as other modules load them from this module's jar.
 */
record GuestRun(int exitCode, String stdout, String stderr) {

    /** Strict, so that a guest writing two values or duplicate keys fails the test. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Map<String, WasmModule> MODULES = new ConcurrentHashMap<>();

    static GuestRun run(String guest, String stdin) {
        return run(guest, stdin.getBytes(UTF_8), Map.of());
    }

    static GuestRun run(String guest, String stdin, Map<String, Path> preopens) {
        return run(guest, stdin.getBytes(UTF_8), preopens);
    }

    static GuestRun run(String guest, byte[] stdin, Map<String, Path> preopens) {
        return run(guest, stdin, preopens, MemoryLimits.MAX_PAGES);
    }

    /** Runs with linear memory capped at memoryMaxPages pages of 64 KiB, as a node caps it. */
    static GuestRun runWithMemory(String guest, String stdin, int memoryMaxPages) {
        return run(guest, stdin.getBytes(UTF_8), Map.of(), memoryMaxPages);
    }

    private static GuestRun run(String guest, byte[] stdin, Map<String, Path> preopens, int memoryMaxPages) {
        WasmModule module = module(guest);
        // Chicory's limits replace the module's own, so the initial size comes from the module.
        int initialPages = module.memorySection().orElseThrow().getMemory(0).limits().initialPages();
        var memoryLimits = new MemoryLimits(initialPages, memoryMaxPages);
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        var options = WasiOptions.builder()
                .withStdin(new ByteArrayInputStream(stdin))
                .withStdout(stdout)
                .withStderr(stderr);
        preopens.forEach(options::withDirectory);
        int exitCode = 0;
        try (var wasi = WasiPreview1.builder().withOptions(options.build()).build()) {
            var imports = ImportValues.builder().addFunction(wasi.toHostFunctions()).build();
            Instance.builder(module).withImportValues(imports).withMemoryLimits(memoryLimits).build(); // runs _start
        } catch (WasiExitException exit) {
            exitCode = exit.exitCode();
        }
        return new GuestRun(exitCode, stdout.toString(UTF_8), stderr.toString(UTF_8));
    }

    static WasmModule module(String guest) {
        return MODULES.computeIfAbsent(guest, name -> Parser.parse(wasmBytes(name)));
    }

    static byte[] wasmBytes(String guest) {
        String resource = "/guests/" + guest + ".wasm";
        try (InputStream in = GuestRun.class.getResourceAsStream(resource)) {
            assertThat(in).as("%s on the classpath (built by build.sh in generate-resources)", resource).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The result, after checking that the guest succeeded and wrote exactly one JSON value. */
    JsonNode json() {
        assertThat(exitCode).as("exit code; stderr: %s", stderr).isZero();
        assertThat(stdout).as("stdout ends with one newline").endsWith("\n");
        return parse(stdout);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not one valid JSON value: " + json, e);
        }
    }

    /** Asserts a failure on bad input: the given exit code, nothing on stdout, a reason on stderr. */
    GuestRun assertFailed(int expectedExitCode, String reason) {
        assertThat(exitCode).as("exit code; stdout: %s, stderr: %s", stdout, stderr).isEqualTo(expectedExitCode);
        assertThat(stdout).as("stdout").isEmpty();
        assertThat(stderr).as("stderr").contains(reason);
        return this;
    }
}
