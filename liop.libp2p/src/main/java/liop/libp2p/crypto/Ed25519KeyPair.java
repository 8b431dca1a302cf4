package liop.libp2p.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import liop.libp2p.wire.ProtobufReader;
import liop.libp2p.wire.ProtobufWriter;
import liop.libp2p.wire.ProtocolException;

/**
 * An Ed25519 identity: a 32-byte private seed and the public key it gives. Signing uses the JDK's
 * EdDSA (RFC 8032). Its stored form is libp2p's {@code PrivateKey} protobuf with the 64 bytes
 * seed + public key, the format go- and js-libp2p write, so a node key can move between them.
 */
public final class Ed25519KeyPair {

    public static final int SEED_BYTES = 32;

    private final byte[] seed;
    private final Ed25519PublicKey publicKey;

    private Ed25519KeyPair(byte[] seed, Ed25519PublicKey publicKey) {
        this.seed = seed;
        this.publicKey = publicKey;
    }

    public static Ed25519KeyPair generate(SecureRandom random) {
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        return fromSeed(seed);
    }

    public static Ed25519KeyPair fromSeed(byte[] seed) {
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, not " + seed.length);
        }
        return new Ed25519KeyPair(seed.clone(), publicKeyOf(seed));
    }

    /**
     * Reads libp2p's {@code PrivateKey} protobuf (Ed25519: seed followed by the public key, or the
     * bare 32-byte seed). The stored public key must be the one the seed gives.
     */
    public static Ed25519KeyPair fromProtobuf(byte[] message) throws ProtocolException {
        var reader = new ProtobufReader(message, "private key");
        long type = -1;
        byte[] data = null;
        while (reader.next()) {
            switch (reader.field()) {
                case 1 -> type = reader.varint();
                case 2 -> data = reader.bytes();
                default -> reader.skip();
            }
        }
        if (type != Ed25519PublicKey.KEY_TYPE) {
            throw new ProtocolException("private key: type " + KeyTypes.name(type) + " is not supported, only Ed25519");
        }
        if (data == null || (data.length != 64 && data.length != SEED_BYTES)) {
            throw new ProtocolException("private key: an Ed25519 key has 64 bytes (seed and public key), not "
                    + (data == null ? 0 : data.length));
        }
        Ed25519KeyPair keyPair = fromSeed(Arrays.copyOf(data, SEED_BYTES));
        if (data.length == 64 && !Arrays.equals(keyPair.publicKey.raw(), Arrays.copyOfRange(data, SEED_BYTES, 64))) {
            throw new ProtocolException("private key: the stored public key is not the one its seed gives");
        }
        return keyPair;
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    public byte[] sign(byte[] message) {
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot sign with Ed25519", e);
        }
    }

    /** The libp2p {@code PrivateKey} protobuf: type Ed25519, data = seed followed by the public key. */
    public byte[] toProtobuf() {
        byte[] data = Arrays.copyOf(seed, 64);
        System.arraycopy(publicKey.raw(), 0, data, SEED_BYTES, 32);
        return new ProtobufWriter().varint(1, Ed25519PublicKey.KEY_TYPE).bytes(2, data).toByteArray();
    }

    /**
     * The JDK derives a public key only while generating a pair, from the 32 bytes it draws from
     * its random source; handing it the seed as that source gives the pair of a known seed.
     */
    private static Ed25519PublicKey publicKeyOf(byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedAsRandom(seed));
            return Ed25519PublicKey.fromJdkKey((EdECPublicKey) generator.generateKeyPair().getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    @Override
    public String toString() {
        return "Ed25519KeyPair[" + publicKey + "]"; // never the seed
    }

    /** A "random" source that yields one fixed seed. */
    private static final class SeedAsRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        SeedAsRandom(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("the JDK asked for " + bytes.length + " bytes of an Ed25519 seed");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}
