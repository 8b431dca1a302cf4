package liop.client.wat;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2WasmModule;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns WebAssembly text (WAT) into a binary module, with wabt's own {@code wat2wasm} compiled to
 * Java bytecode ({@code com.dylibso.chicory:wabt}).
 *
 * <p>We do not call {@code Wat2Wasm.parse}: it drops wat2wasm's error messages and keeps the input
 * in an in-memory file system (jimfs). This class runs the same machine with the text in a
 * temporary folder and keeps what wat2wasm printed, so a typo is reported with its line and column.
 */
public final class WatCompiler {

    private static final String GUEST_DIR = "/wat";
    private static final String INPUT_NAME = "module.wat";
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*m");

    /** Parsed once: the wat2wasm module is large and parsing it takes a while. */
    private static final class Wat2Wasm {
        static final WasmModule MODULE = Wat2WasmModule.load();
    }

    private WatCompiler() {}

    /**
     * Compiles WAT text.
     *
     * @param wat the module in the text format
     * @param sourceName how error messages name the source, e.g. the file name
     * @throws WatException with wat2wasm's diagnostics when the text is not a valid module
     */
    public static byte[] compile(String wat, String sourceName) throws WatException {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("liop-wat");
            Files.writeString(folder.resolve(INPUT_NAME), wat, StandardCharsets.UTF_8);
            return run(folder, sourceName);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare a temporary folder for wat2wasm", e);
        } finally {
            deleteQuietly(folder);
        }
    }

    private static byte[] run(Path folder, String sourceName) throws WatException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        WasiOptions options = WasiOptions.builder()
                .withStdout(stdout)
                .withStderr(stderr)
                .withDirectory(GUEST_DIR, folder)
                .withArguments(List.of("wat2wasm", GUEST_DIR + "/" + INPUT_NAME, "--output=-"))
                .build();
        try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
            // Building the instance runs _start, i.e. wat2wasm's main.
            Instance.builder(Wat2Wasm.MODULE)
                    .withMachineFactory(Wat2WasmModule::create)
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                    .build();
        } catch (WasiExitException e) {
            if (e.exitCode() != 0) {
                throw new WatException(sourceName, diagnostics(stderr, sourceName));
            }
        }
        byte[] wasm = stdout.toByteArray();
        if (wasm.length == 0) {
            throw new WatException(sourceName, diagnostics(stderr, sourceName));
        }
        return wasm;
    }

    /**
     * What wat2wasm said, as plain text: it colours its messages (the WASI stderr looks like a
     * terminal to it), and it names the input by its path in the sandbox, not the user's name.
     */
    static String diagnostics(ByteArrayOutputStream stderr, String sourceName) {
        String text = ANSI_ESCAPE.matcher(stderr.toString(StandardCharsets.UTF_8)).replaceAll("").strip();
        return text.isEmpty() ? "wat2wasm produced no module" : text.replace(GUEST_DIR + "/" + INPUT_NAME, sourceName);
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is harmless; failing the compile for it would not be.
        }
    }
}
