package liop.engine.support.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModuleHashTest {

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void the_digest_of_the_bytes_is_accepted_and_any_other_refused() {
        ModuleHash.requireDigest(new byte[0], EMPTY_SHA256);

        assertThatThrownBy(() -> ModuleHash.requireDigest(new byte[] {1}, EMPTY_SHA256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sha256 " + EMPTY_SHA256 + " is not the digest of the module bytes");
    }

    @Test
    void the_short_form_is_the_first_twelve_digits() {
        assertThat(ModuleHash.shortForm(EMPTY_SHA256)).isEqualTo("e3b0c44298fc");
        assertThat(ModuleHash.shortForm("abc")).isEqualTo("abc");
    }
}
