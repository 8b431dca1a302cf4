package liop.client.wat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WatCompilerTest {

    @Test
    void compilesTextToABinaryModule() throws WatException {
        byte[] wasm = WatCompiler.compile("(module (func (export \"_start\")))", "start.wat");

        assertThat(wasm).startsWith(0, 'a', 's', 'm', 1, 0, 0, 0);
    }

    @Test
    void reportsErrorsWithTheUsersFileNameLineAndColumnInPlainText() {
        assertThatThrownBy(() -> WatCompiler.compile("(module\n  (func (export \"_start\") (i32.bogus)))", "typo.wat"))
                .isInstanceOf(WatException.class)
                .hasMessageContaining("typo.wat:2:")
                .hasMessageContaining("i32.bogus")
                .message().doesNotContain("\u001B").doesNotContain("/wat/module.wat");
    }
}
