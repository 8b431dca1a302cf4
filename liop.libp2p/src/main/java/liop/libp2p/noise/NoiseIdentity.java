package liop.libp2p.noise;

import java.security.SecureRandom;
import liop.libp2p.crypto.Ed25519KeyPair;
import liop.libp2p.crypto.X25519;
import liop.libp2p.peer.PeerId;

/**
 * What a node brings to every Noise handshake: its libp2p identity, a static X25519 key for this
 * run of the node, and the payload that signs one with the other, computed once.
 */
public final class NoiseIdentity {

    private final Ed25519KeyPair identity;
    private final X25519.KeyPair staticKey;
    private final byte[] payload;
    private final SecureRandom random;

    public NoiseIdentity(Ed25519KeyPair identity, SecureRandom random) {
        this.identity = identity;
        this.random = random;
        this.staticKey = X25519.KeyPair.generate(random);
        this.payload = HandshakePayload.signed(identity, staticKey.publicKey()).encode();
    }

    public PeerId peerId() {
        return PeerId.of(identity.publicKey());
    }

    X25519.KeyPair staticKey() {
        return staticKey;
    }

    byte[] payload() {
        return payload.clone();
    }

    X25519.KeyPair newEphemeralKey() {
        return X25519.KeyPair.generate(random);
    }
}
