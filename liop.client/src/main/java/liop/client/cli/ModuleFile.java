package liop.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import liop.client.wat.WatCompiler;
import liop.client.wat.WatException;

/**
 * Finds the module a user named and reads it as a binary module, compiling WebAssembly text first.
 *
 * @param path where the module was found
 * @param bytes the binary module
 */
public record ModuleFile(Path path, byte[] bytes) {

    private static final byte[] WASM_MAGIC = {0, 'a', 's', 'm'};

    /**
     * Finds {@code name}: a path first, then, for a bare name, one of the sample modules.
     *
     * @throws UsageException when there is no such file, listing the samples
     */
    public static Path find(String name, SampleModules samples) throws UsageException {
        Path given = Path.of(name);
        if (Files.isRegularFile(given)) {
            return given;
        }
        boolean bareName = given.getNameCount() == 1 && !given.isAbsolute();
        Optional<Path> sample = bareName ? samples.find(name) : Optional.empty();
        if (sample.isPresent()) {
            return sample.get();
        }
        List<String> known = samples.names();
        throw new UsageException("no module file " + name
                + (known.isEmpty() ? "" : "; the samples are " + String.join(", ", known) + " (in " + samples.folder().orElseThrow() + ")"));
    }

    /**
     * Reads a module: binary as it is, text through wat2wasm.
     *
     * @throws WatException when the file is WebAssembly text with errors
     * @throws UsageException when the file is neither a module nor text, or cannot be read
     */
    public static ModuleFile read(Path path) throws UsageException, WatException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UsageException("cannot read " + path + ": " + e.getMessage());
        }
        if (isBinaryModule(bytes)) {
            return new ModuleFile(path, bytes);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!looksLikeWat(path, text)) {
            throw new UsageException(path + " is not a WebAssembly module: it neither starts with \\0asm nor is WebAssembly text (.wat)");
        }
        return new ModuleFile(path, WatCompiler.compile(text, path.getFileName().toString()));
    }

    static boolean isBinaryModule(byte[] bytes) {
        if (bytes.length < WASM_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < WASM_MAGIC.length; i++) {
            if (bytes[i] != WASM_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Text modules start with "(module" after any comments; the extension settles the rest. */
    static boolean looksLikeWat(Path path, String text) {
        String name = path.getFileName().toString();
        if (name.endsWith(".wat") || name.endsWith(".wast")) {
            return true;
        }
        String body = text.strip();
        while (body.startsWith(";;")) {
            int newline = body.indexOf('\n');
            body = newline < 0 ? "" : body.substring(newline + 1).strip();
        }
        return body.startsWith("(module");
    }
}
