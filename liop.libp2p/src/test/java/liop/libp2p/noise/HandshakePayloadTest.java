package liop.libp2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.crypto.X25519;
import liop.libp2p.peer.PeerId;
import liop.libp2p.wire.ProtobufWriter;
import liop.libp2p.wire.ProtocolException;
import org.junit.jupiter.api.Test;

class HandshakePayloadTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Ed25519KeyPair identity = Ed25519KeyPair.generate(RANDOM);
    private final byte[] staticKey = X25519.KeyPair.generate(RANDOM).publicKey();

    @Test
    void provesThePeerThatSignedTheStaticKey() throws Exception {
        HandshakePayload payload = HandshakePayload.decode(HandshakePayload.signed(identity, staticKey).encode());
        assertThat(payload.verify(staticKey)).isEqualTo(PeerId.of(identity.publicKey()));
    }

    @Test
    void aSignatureOverAnotherStaticKeyProvesNothing() throws Exception {
        HandshakePayload payload = HandshakePayload.signed(identity, staticKey);
        byte[] otherKey = X25519.KeyPair.generate(RANDOM).publicKey();
        assertThatThrownBy(() -> payload.verify(otherKey))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("does not cover the peer's static key")
                .hasMessageContaining(PeerId.of(identity.publicKey()) + " claimed, not proven");
    }

    @Test
    void readsPastExtensionsAndUnknownFields() throws Exception {
        byte[] extensions = new ProtobufWriter().string(2, "/yamux/1.0.0").toByteArray();
        HandshakePayload signed = HandshakePayload.signed(identity, staticKey);
        byte[] withExtensions = new ProtobufWriter()
                .bytes(1, signed.identityKey()).bytes(2, signed.identitySignature()).bytes(4, extensions).varint(99, 7).toByteArray();
        assertThat(HandshakePayload.decode(withExtensions).verify(staticKey)).isEqualTo(PeerId.of(identity.publicKey()));
    }

    @Test
    void refusesIncompleteOrForeignPayloads() {
        assertThatThrownBy(() -> HandshakePayload.decode(new byte[0]))
                .isInstanceOf(ProtocolException.class).hasMessage("noise: handshake payload lacks the identity key");
        byte[] keyOnly = new ProtobufWriter().bytes(1, identity.publicKey().toProtobuf()).toByteArray();
        assertThatThrownBy(() -> HandshakePayload.decode(keyOnly))
                .isInstanceOf(ProtocolException.class).hasMessage("noise: handshake payload lacks the identity signature");
        byte[] rsa = new ProtobufWriter().bytes(1, HexFormat.of().parseHex("0800120101")).bytes(2, new byte[64]).toByteArray();
        assertThatThrownBy(() -> HandshakePayload.decode(rsa).verify(staticKey))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("type RSA is not supported");
    }
}
