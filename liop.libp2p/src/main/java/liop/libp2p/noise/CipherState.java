package liop.libp2p.noise;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import liop.libp2p.wire.ProtocolException;

/**
 * Noise's CipherState for ChaChaPoly: a 32-byte key and a 64-bit counter nonce, encoded as four
 * zero bytes and the counter little-endian (the Noise spec's choice for ChaCha20-Poly1305). The
 * counter never wraps: libp2p connections do not rekey, they end before 2^64 messages.
 */
final class CipherState {

    static final int TAG_BYTES = 16;

    private final SecretKeySpec key;
    private final Cipher cipher;
    private long nonce;

    CipherState(byte[] key) {
        this.key = new SecretKeySpec(key, "ChaCha20");
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no ChaCha20-Poly1305", e);
        }
    }

    byte[] encrypt(byte[] associatedData, byte[] plaintext) {
        byte[] ciphertext = new byte[plaintext.length + TAG_BYTES];
        encrypt(associatedData, ByteBuffer.wrap(plaintext), ByteBuffer.wrap(ciphertext));
        return ciphertext;
    }

    /** Encrypts {@code plaintext} into {@code ciphertext}, which needs room for it and the tag. */
    void encrypt(byte[] associatedData, ByteBuffer plaintext, ByteBuffer ciphertext) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, nextNonce());
            cipher.updateAAD(associatedData);
            cipher.doFinal(plaintext, ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 failed to encrypt", e);
        }
    }

    byte[] decrypt(byte[] associatedData, byte[] ciphertext) throws ProtocolException {
        byte[] plaintext = new byte[Math.max(0, ciphertext.length - TAG_BYTES)];
        decrypt(associatedData, ByteBuffer.wrap(ciphertext), ByteBuffer.wrap(plaintext));
        return plaintext;
    }

    /**
     * Decrypts and authenticates {@code ciphertext} into {@code plaintext}.
     *
     * @throws ProtocolException if the message is shorter than a tag or does not authenticate
     */
    void decrypt(byte[] associatedData, ByteBuffer ciphertext, ByteBuffer plaintext) throws ProtocolException {
        if (ciphertext.remaining() < TAG_BYTES) {
            throw new ProtocolException("noise: encrypted message of " + ciphertext.remaining() + " bytes is shorter than its tag");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nextNonce());
            cipher.updateAAD(associatedData);
            cipher.doFinal(ciphertext, plaintext);
        } catch (AEADBadTagException e) {
            throw new ProtocolException("noise: message does not authenticate (corrupted, or encrypted with another key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 failed to decrypt", e);
        }
    }

    private IvParameterSpec nextNonce() {
        if (nonce == -1L) {
            throw new IllegalStateException("noise: nonces exhausted"); // 2^64 - 1 is reserved
        }
        byte[] iv = new byte[12];
        long n = nonce++;
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (n >>> (8 * i));
        }
        return new IvParameterSpec(iv);
    }
}
