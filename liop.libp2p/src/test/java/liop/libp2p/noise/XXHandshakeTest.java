package liop.libp2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import liop.libp2p.crypto.X25519;
import liop.libp2p.wire.ProtocolException;
import org.junit.jupiter.api.Test;

class XXHandshakeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The Noise_XX_25519_ChaChaPoly_SHA256 vector of the cacophony test suite (the Noise
     * protocol's reference vectors): fixed keys, a prologue, payloads in every message, then three
     * transport messages each way.
     */
    @Test
    void producesTheCacophonyTestVector() throws Exception {
        byte[] prologue = HEX.parseHex("4a6f686e2047616c74");
        var initiator = new XXHandshake(true,
                key("e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1"),
                key("893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a"), prologue);
        var responder = new XXHandshake(false,
                key("4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893"),
                key("bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b"), prologue);

        byte[] a = initiator.writeMessageA(HEX.parseHex("4c756477696720766f6e204d69736573"));
        assertThat(HEX.formatHex(a)).isEqualTo("ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79444c756477696720766f6e204d69736573");
        assertThat(HEX.formatHex(responder.readMessageA(a))).isEqualTo("4c756477696720766f6e204d69736573");

        byte[] b = responder.writeMessageB(HEX.parseHex("4d757272617920526f746862617264"));
        assertThat(HEX.formatHex(b)).isEqualTo("95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381cbad1f276e038c48378ffce2b65285e08d6b68aaa3629a5a8639392490e5b9bd5269c2f1e4f488ed8831161f19b7815528f8982ffe09be9b5c412f8a0db50f8814c7194e83f23dbd8d162c9326ad");
        assertThat(HEX.formatHex(initiator.readMessageB(b))).isEqualTo("4d757272617920526f746862617264");

        byte[] c = initiator.writeMessageC(HEX.parseHex("462e20412e20486179656b"));
        assertThat(HEX.formatHex(c)).isEqualTo("c7195ffacac1307ff99046f219750fc47693e23c3cb08b89c2af808b444850a80ae475b9df0f169ae80a89be0865b57f58c9fea0d4ec82a286427402f113e4b6ae769a1d95941d49b25030");
        assertThat(HEX.formatHex(responder.readMessageC(c))).isEqualTo("462e20412e20486179656b");

        assertThat(HEX.formatHex(initiator.handshakeHash())).isEqualTo("c8e5f64e846193be2a834104c2a009868d6c9f3bd3c186299888b488b2f1f58e");
        assertThat(responder.handshakeHash()).isEqualTo(initiator.handshakeHash());

        var initiatorCiphers = initiator.split();
        var responderCiphers = responder.split();
        assertThat(HEX.formatHex(responderCiphers.sender().encrypt(new byte[0], HEX.parseHex("4361726c204d656e676572"))))
                .isEqualTo("96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df");
        assertThat(HEX.formatHex(initiatorCiphers.sender().encrypt(new byte[0], HEX.parseHex("4a65616e2d426170746973746520536179"))))
                .isEqualTo("3e40f15f6f3a46ae446b253bf8b1d9ffb6ed9b174d272328ff91a7e2e5c79c07f5");
        byte[] last = responderCiphers.sender().encrypt(new byte[0], HEX.parseHex("457567656e2042f6686d20766f6e2042617765726b"));
        assertThat(HEX.formatHex(last)).isEqualTo("eb3f3515110702e047a6c9da4478b6ead94873c11c0f2d710ddb3f09fce024b3a58502ae3f");
        initiatorCiphers.receiver().decrypt(new byte[0], HEX.parseHex("96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df"));
        assertThat(HEX.formatHex(initiatorCiphers.receiver().decrypt(new byte[0], last))).isEqualTo("457567656e2042f6686d20766f6e2042617765726b");
    }

    @Test
    void bothSidesLearnEachOthersStaticKey() throws Exception {
        var initiatorStatic = X25519.KeyPair.generate(RANDOM);
        var responderStatic = X25519.KeyPair.generate(RANDOM);
        var initiator = XXHandshake.initiator(initiatorStatic, X25519.KeyPair.generate(RANDOM));
        var responder = XXHandshake.responder(responderStatic, X25519.KeyPair.generate(RANDOM));
        byte[] a = initiator.writeMessageA();
        assertThat(a).hasSize(32);
        responder.readMessageA(a);
        assertThat(initiator.readMessageB(responder.writeMessageB(new byte[] {1}))).containsExactly(1);
        assertThat(responder.readMessageC(initiator.writeMessageC(new byte[] {2}))).containsExactly(2);
        assertThat(initiator.remoteStaticKey()).isEqualTo(responderStatic.publicKey());
        assertThat(responder.remoteStaticKey()).isEqualTo(initiatorStatic.publicKey());
        assertThat(initiator.isComplete()).isTrue();
        assertThat(responder.isComplete()).isTrue();
    }

    @Test
    void aTamperedMessageDoesNotAuthenticate() throws Exception {
        var initiator = XXHandshake.initiator(X25519.KeyPair.generate(RANDOM), X25519.KeyPair.generate(RANDOM));
        var responder = XXHandshake.responder(X25519.KeyPair.generate(RANDOM), X25519.KeyPair.generate(RANDOM));
        responder.readMessageA(initiator.writeMessageA());
        byte[] b = responder.writeMessageB(new byte[10]);
        b[b.length - 1] ^= 1;
        assertThatThrownBy(() -> initiator.readMessageB(b))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("does not authenticate");
    }

    @Test
    void shortMessagesAreRefused() throws Exception {
        var responder = XXHandshake.responder(X25519.KeyPair.generate(RANDOM), X25519.KeyPair.generate(RANDOM));
        assertThatThrownBy(() -> responder.readMessageA(new byte[31]))
                .isInstanceOf(ProtocolException.class).hasMessage("noise: handshake message 1 has 31 bytes, at least 32 expected");
        var initiator = XXHandshake.initiator(X25519.KeyPair.generate(RANDOM), X25519.KeyPair.generate(RANDOM));
        initiator.writeMessageA();
        assertThatThrownBy(() -> initiator.readMessageB(new byte[95]))
                .isInstanceOf(ProtocolException.class).hasMessage("noise: handshake message 2 has 95 bytes, at least 96 expected");
    }

    @Test
    void anEphemeralKeyOfSmallOrderIsRefused() throws Exception {
        var responder = XXHandshake.responder(X25519.KeyPair.generate(RANDOM), X25519.KeyPair.generate(RANDOM));
        responder.readMessageA(new byte[32]); // the all-zero point
        assertThatThrownBy(() -> responder.writeMessageB(new byte[0]))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unusable for X25519");
    }

    @Test
    void callingOutOfTurnIsAProgrammingError() {
        var initiator = XXHandshake.initiator(X25519.KeyPair.generate(RANDOM), X25519.KeyPair.generate(RANDOM));
        assertThatThrownBy(() -> initiator.readMessageB(new byte[100])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(initiator::split).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(initiator::remoteStaticKey).isInstanceOf(IllegalStateException.class);
    }

    private static X25519.KeyPair key(String privateKey) {
        return X25519.KeyPair.fromPrivateKey(HEX.parseHex(privateKey));
    }
}
