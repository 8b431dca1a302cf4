package liop.libp2p.noise;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import liop.libp2p.crypto.X25519;
import liop.libp2p.wire.ProtocolException;

/**
 * The Noise XX handshake ({@value SymmetricState#PROTOCOL_NAME}, empty prologue) as libp2p uses
 * it, one method per message and role, no I/O:
 *
 * <pre>
 *   A  initiator → responder:  e
 *   B  responder → initiator:  e, ee, s, es   + payload
 *   C  initiator → responder:  s, se          + payload
 * </pre>
 *
 * Calling a method out of turn is a programming error ({@link IllegalStateException}); a message
 * that is short, does not decrypt or carries a key of small order is the peer's
 * ({@link ProtocolException}).
 */
public final class XXHandshake {

    /** The two ciphers of the secured connection, from one side's point of view. */
    record TransportCiphers(CipherState sender, CipherState receiver) {}

    private static final int KEY = X25519.KEY_BYTES;
    private static final int ENCRYPTED_KEY = KEY + CipherState.TAG_BYTES;

    private final boolean initiator;
    private final X25519.KeyPair localStatic;
    private final X25519.KeyPair localEphemeral;
    private final SymmetricState state = new SymmetricState();
    private byte[] remoteEphemeral;
    private byte[] remoteStatic;
    private int step; // messages handled so far: 0 before A, 3 when complete

    /** libp2p's prologue is empty; the Noise test vectors use others. */
    XXHandshake(boolean initiator, X25519.KeyPair localStatic, X25519.KeyPair localEphemeral, byte[] prologue) {
        this.initiator = initiator;
        this.localStatic = localStatic;
        this.localEphemeral = localEphemeral;
        state.mixHash(prologue);
    }

    public static XXHandshake initiator(X25519.KeyPair localStatic, X25519.KeyPair localEphemeral) {
        return new XXHandshake(true, localStatic, localEphemeral, new byte[0]);
    }

    public static XXHandshake responder(X25519.KeyPair localStatic, X25519.KeyPair localEphemeral) {
        return new XXHandshake(false, localStatic, localEphemeral, new byte[0]);
    }

    /** Initiator, message A: {@code e}, with the empty payload libp2p sends. */
    public byte[] writeMessageA() {
        return writeMessageA(new byte[0]);
    }

    byte[] writeMessageA(byte[] payload) {
        expect(true, 0);
        state.mixHash(localEphemeral.publicKey());
        return SymmetricState.concat(localEphemeral.publicKey(), state.encryptAndHash(payload));
    }

    /** Responder, message A; returns its payload, cleartext by construction (libp2p ignores it). */
    public byte[] readMessageA(byte[] message) throws ProtocolException {
        expect(false, 0);
        requireLength(message, KEY, "1");
        remoteEphemeral = Arrays.copyOf(message, KEY);
        state.mixHash(remoteEphemeral);
        return state.decryptAndHash(Arrays.copyOfRange(message, KEY, message.length));
    }

    /** Responder, message B: {@code e, ee, s, es} and the (encrypted) payload. */
    public byte[] writeMessageB(byte[] payload) throws ProtocolException {
        expect(false, 1);
        state.mixHash(localEphemeral.publicKey());
        state.mixKey(dh(localEphemeral, remoteEphemeral));
        byte[] encryptedStatic = state.encryptAndHash(localStatic.publicKey());
        state.mixKey(dh(localStatic, remoteEphemeral));
        byte[] encryptedPayload = state.encryptAndHash(payload);
        return SymmetricState.concat(SymmetricState.concat(localEphemeral.publicKey(), encryptedStatic), encryptedPayload);
    }

    /** Initiator, message B; returns the responder's payload (not yet verified). */
    public byte[] readMessageB(byte[] message) throws ProtocolException {
        expect(true, 1);
        requireLength(message, KEY + ENCRYPTED_KEY + CipherState.TAG_BYTES, "2");
        remoteEphemeral = Arrays.copyOf(message, KEY);
        state.mixHash(remoteEphemeral);
        state.mixKey(dh(localEphemeral, remoteEphemeral));
        remoteStatic = state.decryptAndHash(Arrays.copyOfRange(message, KEY, KEY + ENCRYPTED_KEY));
        state.mixKey(dh(localEphemeral, remoteStatic));
        return state.decryptAndHash(Arrays.copyOfRange(message, KEY + ENCRYPTED_KEY, message.length));
    }

    /** Initiator, message C: {@code s, se} and the (encrypted) payload. */
    public byte[] writeMessageC(byte[] payload) throws ProtocolException {
        expect(true, 2);
        byte[] encryptedStatic = state.encryptAndHash(localStatic.publicKey());
        state.mixKey(dh(localStatic, remoteEphemeral));
        return SymmetricState.concat(encryptedStatic, state.encryptAndHash(payload));
    }

    /** Responder, message C; returns the initiator's payload (not yet verified). */
    public byte[] readMessageC(byte[] message) throws ProtocolException {
        expect(false, 2);
        requireLength(message, ENCRYPTED_KEY + CipherState.TAG_BYTES, "3");
        remoteStatic = state.decryptAndHash(Arrays.copyOf(message, ENCRYPTED_KEY));
        state.mixKey(dh(localEphemeral, remoteStatic));
        return state.decryptAndHash(Arrays.copyOfRange(message, ENCRYPTED_KEY, message.length));
    }

    public boolean isComplete() {
        return step == 3;
    }

    /** The remote peer's static Noise key, known after message B (initiator) or C (responder). */
    public byte[] remoteStaticKey() {
        if (remoteStatic == null) {
            throw new IllegalStateException("the remote static key is not known yet");
        }
        return remoteStatic.clone();
    }

    /** The transport ciphers; only once all three messages have passed. */
    TransportCiphers split() {
        if (!isComplete()) {
            throw new IllegalStateException("the handshake is not complete");
        }
        CipherState[] ciphers = state.split();
        return initiator ? new TransportCiphers(ciphers[0], ciphers[1]) : new TransportCiphers(ciphers[1], ciphers[0]);
    }

    byte[] handshakeHash() {
        return state.handshakeHash();
    }

    private void expect(boolean initiatorOnly, int expectedStep) {
        if (initiator != initiatorOnly || step != expectedStep) {
            throw new IllegalStateException("noise: out of turn (" + (initiator ? "initiator" : "responder") + " at message " + (step + 1) + ")");
        }
        step++;
    }

    private static void requireLength(byte[] message, int minimum, String which) throws ProtocolException {
        if (message.length < minimum) {
            throw new ProtocolException("noise: handshake message " + which + " has " + message.length
                    + " bytes, at least " + minimum + " expected");
        }
    }

    private static byte[] dh(X25519.KeyPair local, byte[] remotePublic) throws ProtocolException {
        try {
            return X25519.sharedSecret(local.privateKey(), remotePublic);
        } catch (GeneralSecurityException e) {
            throw new ProtocolException("noise: the peer's key is unusable for X25519 (" + e.getMessage() + ")");
        }
    }
}
