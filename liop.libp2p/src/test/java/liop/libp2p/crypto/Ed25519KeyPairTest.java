package liop.libp2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import liop.libp2p.wire.ProtocolException;
import org.junit.jupiter.api.Test;

class Ed25519KeyPairTest {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8032, section 7.1, test 2. */
    @Test
    void signsAsRfc8032Says() {
        Ed25519KeyPair key = Ed25519KeyPair.fromSeed(HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
        assertThat(HEX.formatHex(key.publicKey().raw())).isEqualTo("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
        assertThat(HEX.formatHex(key.sign(new byte[] {0x72}))).isEqualTo(
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                        + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
        assertThat(key.publicKey().verify(new byte[] {0x72}, key.sign(new byte[] {0x72}))).isTrue();
    }

    /** The Ed25519 vectors of the libp2p peer-ids spec: the protobuf forms of the keys. */
    @Test
    void readsAndWritesTheLibp2pKeyProtobufs() throws Exception {
        byte[] privateKey = HEX.parseHex("080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"
                + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
        byte[] publicKey = HEX.parseHex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
        Ed25519KeyPair key = Ed25519KeyPair.fromProtobuf(privateKey);
        assertThat(key.publicKey().toProtobuf()).isEqualTo(publicKey);
        assertThat(key.toProtobuf()).isEqualTo(privateKey);
        assertThat(Ed25519PublicKey.fromProtobuf(publicKey)).isEqualTo(key.publicKey());
    }

    @Test
    void verificationFailsForOtherMessagesKeysAndGarbage() {
        Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
        byte[] message = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = key.sign(message);
        assertThat(key.publicKey().verify(message, signature)).isTrue();
        assertThat(key.publicKey().verify(new byte[] {1}, signature)).isFalse();
        assertThat(Ed25519KeyPair.generate(new SecureRandom()).publicKey().verify(message, signature)).isFalse();
        assertThat(key.publicKey().verify(message, new byte[64])).isFalse();
        assertThat(key.publicKey().verify(message, new byte[3])).isFalse();
        byte[] notOnTheCurve = new byte[32];
        notOnTheCurve[0] = 2;
        assertThat(Ed25519PublicKey.fromRaw(notOnTheCurve).verify(message, signature)).isFalse();
    }

    @Test
    void refusesKeysOfOtherTypesAndSizes() {
        assertThatThrownBy(() -> Ed25519PublicKey.fromProtobuf(HEX.parseHex("08001203010203")))
                .isInstanceOf(ProtocolException.class).hasMessage("public key: type RSA is not supported, only Ed25519");
        assertThatThrownBy(() -> Ed25519PublicKey.fromProtobuf(HEX.parseHex("080112020102")))
                .isInstanceOf(ProtocolException.class).hasMessage("public key: an Ed25519 key has 32 bytes, not 2");
        assertThatThrownBy(() -> Ed25519PublicKey.fromProtobuf(new byte[0]))
                .isInstanceOf(ProtocolException.class).hasMessage("public key: type (missing) is not supported, only Ed25519");
    }

    @Test
    void aStoredPublicKeyMustMatchItsSeed() {
        byte[] tampered = HEX.parseHex("080112407e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d"
                + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27f");
        assertThatThrownBy(() -> Ed25519KeyPair.fromProtobuf(tampered))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not the one its seed gives");
    }

    @Test
    void neverPrintsTheSeed() {
        Ed25519KeyPair key = Ed25519KeyPair.fromSeed(new byte[32]);
        assertThat(key.toString()).doesNotContain("0000000000000000000000000000000000000000000000000000000000000000");
    }
}
