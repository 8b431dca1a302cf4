package liop.libp2p.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import liop.libp2p.wire.ProtocolException;

/**
 * Noise's SymmetricState with SHA-256: the chaining key {@code ck}, the handshake hash {@code h}
 * and the CipherState of the handshake (none until the first DH is mixed in).
 */
final class SymmetricState {

    static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
    private static final int HASH_BYTES = 32;

    private byte[] chainingKey;
    private byte[] hash;
    private CipherState cipher;

    SymmetricState() {
        // The name is exactly 32 bytes (the hash length), so it is used as it is, not hashed.
        byte[] name = PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII);
        hash = Arrays.copyOf(name, HASH_BYTES);
        chainingKey = hash.clone();
    }

    void mixHash(byte[] data) {
        hash = sha256(hash, data);
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[][] outputs = hkdf(chainingKey, inputKeyMaterial);
        chainingKey = outputs[0];
        cipher = new CipherState(outputs[1]);
    }

    byte[] encryptAndHash(byte[] plaintext) {
        byte[] ciphertext = cipher == null ? plaintext.clone() : cipher.encrypt(hash, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    byte[] decryptAndHash(byte[] ciphertext) throws ProtocolException {
        byte[] plaintext = cipher == null ? ciphertext.clone() : cipher.decrypt(hash, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    boolean hasKey() {
        return cipher != null;
    }

    /** The two transport ciphers: the initiator sends with the first, the responder with the second. */
    CipherState[] split() {
        byte[][] keys = hkdf(chainingKey, new byte[0]);
        return new CipherState[] {new CipherState(keys[0]), new CipherState(keys[1])};
    }

    byte[] handshakeHash() {
        return hash.clone();
    }

    /** Noise's HKDF with two outputs (HMAC-SHA256). */
    static byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial) {
        byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
        byte[] output1 = hmac(tempKey, new byte[] {1});
        byte[] output2 = hmac(tempKey, concat(output1, new byte[] {2}));
        return new byte[][] {output1, output2};
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacSHA256", e);
        }
    }

    private static byte[] sha256(byte[] first, byte[] second) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(first);
            digest.update(second);
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
