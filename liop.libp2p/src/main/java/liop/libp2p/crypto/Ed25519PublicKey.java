package liop.libp2p.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import liop.libp2p.wire.ProtobufReader;
import liop.libp2p.wire.ProtobufWriter;
import liop.libp2p.wire.ProtocolException;

/**
 * An Ed25519 public key: the identity of a libp2p peer. Its libp2p form is the protobuf {@code
 * PublicKey {Type = Ed25519 (1); Data = 32 raw bytes}}, whose bytes become the PeerId.
 */
public final class Ed25519PublicKey {

    /** {@code KeyType.Ed25519} in the libp2p key protobuf. */
    static final int KEY_TYPE = 1;
    public static final int SIZE_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;

    private final byte[] raw;

    private Ed25519PublicKey(byte[] raw) {
        this.raw = raw;
    }

    /** The key from its 32 raw bytes (RFC 8032 encoding). */
    public static Ed25519PublicKey fromRaw(byte[] raw) {
        if (raw.length != SIZE_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        return new Ed25519PublicKey(raw.clone());
    }

    /** Reads the libp2p {@code PublicKey} protobuf; only Ed25519 keys are accepted. */
    public static Ed25519PublicKey fromProtobuf(byte[] message) throws ProtocolException {
        var reader = new ProtobufReader(message, "public key");
        long type = -1;
        byte[] data = null;
        while (reader.next()) {
            switch (reader.field()) {
                case 1 -> type = reader.varint();
                case 2 -> data = reader.bytes();
                default -> reader.skip();
            }
        }
        if (type != KEY_TYPE) {
            throw new ProtocolException("public key: type " + KeyTypes.name(type) + " is not supported, only Ed25519");
        }
        if (data == null || data.length != SIZE_BYTES) {
            throw new ProtocolException("public key: an Ed25519 key has 32 bytes, not " + (data == null ? 0 : data.length));
        }
        return new Ed25519PublicKey(data);
    }

    public byte[] raw() {
        return raw.clone();
    }

    /** The libp2p {@code PublicKey} protobuf, the bytes a PeerId is made of. */
    public byte[] toProtobuf() {
        return new ProtobufWriter().varint(1, KEY_TYPE).bytes(2, raw).toByteArray();
    }

    /** True only for a valid signature of {@code message} by this key; never throws. */
    public boolean verify(byte[] message, byte[] signature) {
        if (signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(toJdkKey());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // a point off the curve or a malformed signature: not a valid signature
        }
    }

    private PublicKey toJdkKey() throws GeneralSecurityException {
        byte[] littleEndian = raw.clone();
        boolean xOdd = (littleEndian[31] & 0x80) != 0;
        littleEndian[31] &= 0x7F;
        BigInteger y = new BigInteger(1, reversed(littleEndian));
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, y)));
    }

    /** The RFC 8032 encoding of a JDK key: y little-endian, the parity of x in the top bit. */
    static Ed25519PublicKey fromJdkKey(EdECPublicKey key) {
        EdECPoint point = key.getPoint();
        byte[] bigEndian = point.getY().toByteArray();
        byte[] raw = new byte[SIZE_BYTES];
        for (int i = 0; i < SIZE_BYTES && i < bigEndian.length; i++) {
            raw[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (point.isXOdd()) {
            raw[31] |= (byte) 0x80;
        }
        return new Ed25519PublicKey(raw);
    }

    static byte[] reversed(byte[] bytes) {
        byte[] reversed = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            reversed[i] = bytes[bytes.length - 1 - i];
        }
        return reversed;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ed25519PublicKey key && Arrays.equals(raw, key.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Ed25519:" + HexFormat.of().formatHex(raw);
    }
}
