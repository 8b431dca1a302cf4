package liop.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import liop.client.wat.WatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleFileTest {

    private static final byte[] EMPTY_MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};

    @TempDir
    Path dir;

    @Test
    void binaryModulesAreReadAsTheyAre() throws Exception {
        Path wasm = Files.write(dir.resolve("m.wasm"), EMPTY_MODULE);

        assertThat(ModuleFile.read(wasm).bytes()).isEqualTo(EMPTY_MODULE);
    }

    @Test
    void textModulesAreCompiledWhateverTheirExtension() throws Exception {
        Path wat = Files.writeString(dir.resolve("m.txt"), ";; a comment first\n(module)");

        assertThat(ModuleFile.read(wat).bytes()).startsWith(0, 'a', 's', 'm');
    }

    @Test
    void otherFilesAreRefused() throws IOException {
        Path notAModule = Files.writeString(dir.resolve("notes.md"), "# hello");

        assertThatThrownBy(() -> ModuleFile.read(notAModule)).isInstanceOf(UsageException.class).hasMessageContaining("is not a WebAssembly module");
    }

    @Test
    void brokenTextIsAWatException() throws IOException {
        Path wat = Files.writeString(dir.resolve("broken.wat"), "(module (func");

        assertThatThrownBy(() -> ModuleFile.read(wat)).isInstanceOf(WatException.class).hasMessageContaining("broken.wat:1:");
    }

    @Test
    void bareNamesFindSamplesWithOrWithoutTheirExtension() throws Exception {
        Path samples = Files.createDirectories(dir.resolve("guests"));
        Path hello = Files.write(samples.resolve("hello.wasm"), EMPTY_MODULE);

        assertThat(ModuleFile.find("hello", SampleModules.in(samples))).isEqualTo(hello);
        assertThat(ModuleFile.find("hello.wasm", SampleModules.in(samples))).isEqualTo(hello);
    }

    @Test
    void aMissingModuleListsTheSamples() throws IOException {
        Path samples = Files.createDirectories(dir.resolve("guests"));
        Files.write(samples.resolve("hello.wasm"), EMPTY_MODULE);
        Files.writeString(samples.resolve("sum.wat"), "(module)");

        assertThatThrownBy(() -> ModuleFile.find("helo", SampleModules.in(samples)))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no module file helo")
                .hasMessageContaining("the samples are hello, sum");
        assertThatThrownBy(() -> ModuleFile.find("nowhere/helo.wasm", SampleModules.none()))
                .hasMessage("no module file nowhere/helo.wasm");
    }
}
