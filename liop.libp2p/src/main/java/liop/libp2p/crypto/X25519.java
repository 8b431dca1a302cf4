package liop.libp2p.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * X25519 (RFC 7748) on raw 32-byte keys, through the JDK's XDH. Noise uses it for its ephemeral
 * and static keys.
 */
public final class X25519 {

    public static final int KEY_BYTES = 32;
    private static final byte[] BASE_POINT = new byte[KEY_BYTES];

    static {
        BASE_POINT[0] = 9;
    }

    private X25519() {}

    /** A key pair: 32 random private bytes (clamped when used) and the public key they give. */
    public record KeyPair(byte[] privateKey, byte[] publicKey) {
        public static KeyPair generate(SecureRandom random) {
            byte[] privateKey = new byte[KEY_BYTES];
            random.nextBytes(privateKey);
            return fromPrivateKey(privateKey);
        }

        public static KeyPair fromPrivateKey(byte[] privateKey) {
            try {
                return new KeyPair(privateKey.clone(), multiply(privateKey, BASE_POINT));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK has no X25519", e);
            }
        }

        @Override
        public String toString() {
            return "X25519.KeyPair[private key hidden]";
        }
    }

    /**
     * The shared secret of a private key and a peer's public key.
     *
     * @throws GeneralSecurityException for a public key of small order (the result would be all
     *     zeros, which Noise must not use)
     */
    public static byte[] sharedSecret(byte[] privateKey, byte[] peerPublicKey) throws GeneralSecurityException {
        if (peerPublicKey.length != KEY_BYTES) {
            throw new GeneralSecurityException("an X25519 public key has 32 bytes, not " + peerPublicKey.length);
        }
        return multiply(privateKey, peerPublicKey);
    }

    private static byte[] multiply(byte[] scalar, byte[] u) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("X25519");
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar)));
        agreement.doPhase(factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(u))), true);
        return agreement.generateSecret();
    }

    /** RFC 7748 section 5: little-endian, the top bit masked. */
    private static BigInteger decodeU(byte[] u) {
        byte[] littleEndian = u.clone();
        littleEndian[KEY_BYTES - 1] &= 0x7F;
        return new BigInteger(1, Ed25519PublicKey.reversed(littleEndian));
    }
}
