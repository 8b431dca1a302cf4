package liop.libp2p.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BaseEncodingsTest {

    @ParameterizedTest
    @CsvSource({"'', ''", "Hello World!, 2NEpo7TZRRrLZSi2U", "The quick brown fox jumps over the lazy dog., USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z"})
    void base58AsBitcoinWritesIt(String text, String base58) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Base58.encode(bytes)).isEqualTo(base58);
        assertThat(Base58.decode(base58, 1000)).isEqualTo(bytes);
    }

    @Test
    void base58KeepsLeadingZeros() {
        assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
        assertThat(Base58.decode("112", 10)).containsExactly(0, 0, 1);
    }

    @ParameterizedTest
    @CsvSource({"'', ''", "f, my", "fo, mzxq", "foo, mzxw6", "foob, mzxw6yq", "fooba, mzxw6ytb", "foobar, mzxw6ytboi"})
    void base32AsRfc4648WritesIt(String text, String base32) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Base32.encode(bytes)).isEqualTo(base32);
        assertThat(Base32.decode(base32)).isEqualTo(bytes);
        assertThat(Base32.decode(base32.toUpperCase())).isEqualTo(bytes);
    }

    @Test
    void roundTripsRandomBytes() {
        var random = new SecureRandom();
        for (int i = 0; i < 100; i++) {
            byte[] bytes = new byte[random.nextInt(60)];
            random.nextBytes(bytes);
            assertThat(Base58.decode(Base58.encode(bytes), 200)).isEqualTo(bytes);
            assertThat(Base32.decode(Base32.encode(bytes))).isEqualTo(bytes);
        }
    }

    @Test
    void refusesForeignCharacters() {
        assertThatThrownBy(() -> Base58.decode("0", 10)).hasMessageContaining("'0' is not a base58 character");
        assertThatThrownBy(() -> Base58.decode("é", 10)).hasMessageContaining("not a base58 character");
        assertThatThrownBy(() -> Base32.decode("a1")).hasMessageContaining("'1' is not a base32 character");
        assertThatThrownBy(() -> Base32.decode("mz")).hasMessageContaining("non-zero padding bits");
    }
}
