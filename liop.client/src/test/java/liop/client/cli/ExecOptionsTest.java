package liop.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecOptionsTest {

    @Test
    void aModuleAloneRunsWithNothingElse() throws UsageException {
        ExecOptions options = ExecOptions.parse(List.of("hello.wasm"));

        assertThat(options.module()).isEqualTo("hello.wasm");
        assertThat(options.paramsJson()).isNull();
        assertThat(options.capabilities()).isEmpty();
        assertThat(options.engine()).isEmpty();
        assertThat(options.json()).isFalse();
    }

    @Test
    void datasetAndFieldsBecomeOneDatasetCapability() throws UsageException {
        ExecOptions options = ExecOptions.parse(List.of("aggregate", "--dataset", "patients", "--fields", "condition,age"));

        assertThat(options.capabilities()).containsExactly("dataset:patients{age,condition}");
    }

    @Test
    void capabilitiesRepeatAndComeInCanonicalForm() throws UsageException {
        ExecOptions options = ExecOptions.parse(List.of("--cap", "fs.read:/var/log/app/", "m.wasm", "--cap=clock", "--dataset=patients", "--fields=*"));

        assertThat(options.capabilities()).containsExactly("fs.read:/var/log/app", "clock", "dataset:patients{*}");
    }

    @Test
    void paramsEngineAndJsonAreKept() throws UsageException {
        ExecOptions options = ExecOptions.parse(List.of("m.wat", "--params", "{\"group_by\": \"zip\"}", "--engine", "graalwasm", "--json"));

        assertThat(options.paramsJson()).isEqualTo("{\"group_by\": \"zip\"}");
        assertThat(options.engine()).isEqualTo("graalwasm");
        assertThat(options.json()).isTrue();
    }

    @Test
    void helpNeedsNoModuleAndEndsTheParsing() throws UsageException {
        assertThat(ExecOptions.parse(List.of("-h")).help()).isTrue();
        assertThat(ExecOptions.parse(List.of("m.wasm", "--help", "--not-looked-at")).help()).isTrue();
    }

    @Test
    void mistakesAreNamed() {
        assertUsage(List.of(), "which module?");
        assertUsage(List.of("a.wasm", "b.wasm"), "one module at a time");
        assertUsage(List.of("m.wasm", "--params"), "--params needs a value");
        assertUsage(List.of("m.wasm", "--params", "{not json"), "--params is not valid JSON");
        assertUsage(List.of("m.wasm", "--frobnicate"), "unknown option --frobnicate");
        assertUsage(List.of("m.wasm", "--dataset", "patients"), "needs --fields");
        assertUsage(List.of("m.wasm", "--fields", "age"), "add --dataset NAME");
        assertUsage(List.of("m.wasm", "--dataset", "a", "--dataset", "b", "--fields", "x"), "--dataset given twice");
        assertUsage(List.of("m.wasm", "--cap", "fs.read:relative/dir"), "fs.read needs an absolute path");
        assertUsage(List.of("m.wasm", "--cap", "network"), "unknown capability 'network'");
        assertUsage(List.of("m.wasm", "--dataset", "patients", "--fields", "a b"), "not a valid name");
    }

    private static void assertUsage(List<String> args, String message) {
        assertThatThrownBy(() -> ExecOptions.parse(args)).isInstanceOf(UsageException.class).hasMessageContaining(message);
    }
}
