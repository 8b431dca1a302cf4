package liop.libp2p.noise;

import java.nio.charset.StandardCharsets;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.crypto.Ed25519PublicKey;
import liop.libp2p.peer.PeerId;
import liop.libp2p.wire.ProtobufReader;
import liop.libp2p.wire.ProtobufWriter;
import liop.libp2p.wire.ProtocolException;

/**
 * libp2p's {@code NoiseHandshakePayload}: the peer's identity key and its signature over {@code
 * "noise-libp2p-static-key:"} + the peer's static Noise key, which binds the Noise session to the
 * libp2p identity.
 *
 * <pre>
 * message NoiseHandshakePayload {
 *   optional bytes identity_key = 1;        // a libp2p PublicKey protobuf
 *   optional bytes identity_sig = 2;
 *   optional NoiseExtensions extensions = 4; // read past: no early muxer negotiation here
 * }
 * </pre>
 */
public record HandshakePayload(byte[] identityKey, byte[] identitySignature) {

    static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);

    /** Our payload: our identity key, signing our static Noise key. */
    public static HandshakePayload signed(Ed25519KeyPair identity, byte[] noiseStaticPublicKey) {
        return new HandshakePayload(
                identity.publicKey().toProtobuf(),
                identity.sign(SymmetricState.concat(SIGNATURE_PREFIX, noiseStaticPublicKey)));
    }

    public byte[] encode() {
        return new ProtobufWriter().bytes(1, identityKey).bytes(2, identitySignature).toByteArray();
    }

    public static HandshakePayload decode(byte[] message) throws ProtocolException {
        var reader = new ProtobufReader(message, "noise handshake payload");
        byte[] key = null;
        byte[] signature = null;
        while (reader.next()) {
            switch (reader.field()) {
                case 1 -> key = reader.bytes();
                case 2 -> signature = reader.bytes();
                default -> reader.skip();
            }
        }
        if (key == null || signature == null) {
            throw new ProtocolException("noise: handshake payload lacks the " + (key == null ? "identity key" : "identity signature"));
        }
        return new HandshakePayload(key, signature);
    }

    /**
     * The peer this payload proves, if its signature covers the static Noise key the peer used.
     *
     * @throws ProtocolException if the key is not an Ed25519 key or the signature does not verify
     */
    public PeerId verify(byte[] remoteNoiseStaticKey) throws ProtocolException {
        Ed25519PublicKey key = Ed25519PublicKey.fromProtobuf(identityKey);
        if (!key.verify(SymmetricState.concat(SIGNATURE_PREFIX, remoteNoiseStaticKey), identitySignature)) {
            throw new ProtocolException("noise: the identity signature does not cover the peer's static key (peer "
                    + PeerId.of(key) + " claimed, not proven)");
        }
        return PeerId.of(key);
    }
}
