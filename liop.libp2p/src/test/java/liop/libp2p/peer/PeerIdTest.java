package liop.libp2p.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.crypto.Ed25519PublicKey;
import liop.libp2p.wire.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeerIdTest {

    /** The key of the peer-ids spec's Ed25519 test vector. */
    private static final Ed25519PublicKey SPEC_KEY = Ed25519PublicKey.fromRaw(
            HexFormat.of().parseHex("1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e"));

    @Test
    void anEd25519PeerIdInlinesTheKey() {
        PeerId peer = PeerId.of(SPEC_KEY);
        assertThat(HexFormat.of().formatHex(peer.toBytes())).isEqualTo("0024" + "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e");
        assertThat(peer.toString()).startsWith("12D3KooW").isEqualTo(peer.toBase58());
        assertThat(peer.toCid()).startsWith("bafz");
        assertThat(peer.publicKey()).contains(SPEC_KEY);
        assertThat(peer.matches(SPEC_KEY)).isTrue();
    }

    @Test
    void bothTextFormsParseToTheSamePeer() {
        PeerId peer = PeerId.of(Ed25519KeyPair.generate(new SecureRandom()).publicKey());
        assertThat(PeerId.parse(peer.toBase58())).isEqualTo(peer).hasSameHashCodeAs(peer);
        assertThat(PeerId.parse(peer.toCid())).isEqualTo(peer);
        assertThat(PeerId.parse(peer.toCid().toUpperCase().replaceFirst("^B", "B"))).isEqualTo(peer);
    }

    /** The spec's examples: an Ed25519 PeerId, and a SHA-256 one in both forms. */
    @ParameterizedTest
    @CsvSource({
        "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA, true",
        "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N, false",
        "bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe, false"})
    void parsesTheSpecExamples(String text, boolean hasInlineKey) {
        PeerId peer = PeerId.parse(text);
        assertThat(peer.publicKey().isPresent()).isEqualTo(hasInlineKey);
        if (text.startsWith("b")) {
            assertThat(peer.toCid()).isEqualTo(text);
        } else {
            assertThat(peer.toString()).isEqualTo(text);
        }
    }

    @Test
    void theSha256FormsOfTheSpecAreOnePeer() {
        assertThat(PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe").toBase58())
                .isEqualTo("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                                          | not a peer id",
        "12D3KooW0OIl                                                | is not a base58 character",
        "xyz                                                         | starts with neither 1, Qm nor a multibase prefix",
        "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi | codec 0x70 is not libp2p-key",
        "1111                                                        | bytes after the multihash",
        "bafzbgaa                                                    | multihash code 0x13 is neither",
        "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx                | exceeds the limit of 42"})
    void refusesWhatIsNotAPeerId(String text, String reason) {
        assertThatThrownBy(() -> PeerId.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @Test
    void refusesOverlongTextWithoutDecodingIt() {
        assertThatThrownBy(() -> PeerId.parse("1".repeat(100_000))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMalformedMultihashes() {
        assertThatThrownBy(() -> PeerId.fromBytes(HexFormat.of().parseHex("1220aa"))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> PeerId.fromBytes(HexFormat.of().parseHex("1201aa"))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("sha2-256 multihash has 32 bytes");
        assertThatThrownBy(() -> PeerId.fromBytes(HexFormat.of().parseHex("0001aaff"))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("after the multihash");
        assertThatThrownBy(() -> PeerId.fromBytes(HexFormat.of().parseHex("00ff01"))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("exceeds the limit of 42");
    }
}
