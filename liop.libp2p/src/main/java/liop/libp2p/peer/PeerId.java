package liop.libp2p.peer;

import java.util.Arrays;
import java.util.Optional;
import liop.libp2p.crypto.Ed25519PublicKey;
import liop.libp2p.wire.ByteReader;
import liop.libp2p.wire.ProtocolException;

/**
 * A libp2p peer identity: the multihash of the peer's protobuf-encoded public key. Keys of at
 * most 42 bytes (Ed25519: 36) are inlined with the identity multihash, so the PeerId carries the
 * key itself; longer keys (RSA) are hashed with SHA-256 ({@code Qm...}).
 *
 * <p>Text forms: base58btc of the multihash ({@code 12D3KooW...}, what {@link #toString()} gives)
 * and the CIDv1 with the {@code libp2p-key} codec in base32 ({@code bafz...}); {@link #parse}
 * reads both.
 */
public final class PeerId {

    static final int IDENTITY = 0x00;
    static final int SHA2_256 = 0x12;
    static final int MAX_INLINE_KEY_BYTES = 42;
    static final int CID_VERSION_1 = 0x01;
    static final int LIBP2P_KEY_CODEC = 0x72;
    /** Far above any real PeerId (an Ed25519 one has 52 characters); bounds base58's quadratic decoding. */
    static final int MAX_TEXT_CHARS = 128;

    private final byte[] multihash;

    private PeerId(byte[] multihash) {
        this.multihash = multihash;
    }

    public static PeerId of(Ed25519PublicKey key) {
        byte[] encodedKey = key.toProtobuf();
        byte[] multihash = new byte[2 + encodedKey.length];
        multihash[0] = IDENTITY;
        multihash[1] = (byte) encodedKey.length; // 36: a one-byte varint
        System.arraycopy(encodedKey, 0, multihash, 2, encodedKey.length);
        return new PeerId(multihash);
    }

    /** The PeerId in its binary form (the multihash), as multiaddrs and identify carry it. */
    public static PeerId fromBytes(byte[] multihash) throws ProtocolException {
        var reader = new ByteReader(multihash, "peer id");
        long code = reader.readVarint();
        int length = reader.readLength(MAX_INLINE_KEY_BYTES);
        reader.readBytes(length);
        if (reader.hasRemaining()) {
            throw new ProtocolException("peer id: " + reader.remaining() + " bytes after the multihash");
        }
        if (code == SHA2_256 && length != 32) {
            throw new ProtocolException("peer id: a sha2-256 multihash has 32 bytes, not " + length);
        }
        if (code != IDENTITY && code != SHA2_256) {
            throw new ProtocolException("peer id: multihash code 0x" + Long.toHexString(code) + " is neither identity nor sha2-256");
        }
        return new PeerId(multihash.clone());
    }

    /**
     * Reads either text form: base58btc ({@code 1...}, {@code Qm...}) or a multibase CIDv1 with the
     * {@code libp2p-key} codec (base32 {@code b...}, or base58btc {@code z...}).
     *
     * @throws IllegalArgumentException with what is wrong with the text
     */
    public static PeerId parse(String text) {
        if (text.isEmpty() || text.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("not a peer id: '" + abbreviate(text) + "' (expected 12D3KooW... or bafz...)");
        }
        try {
            if (text.startsWith("1") || text.startsWith("Qm")) {
                return fromBytes(Base58.decode(text, MAX_TEXT_CHARS));
            }
            byte[] cid = switch (text.charAt(0)) {
                case 'b', 'B' -> Base32.decode(text.substring(1));
                case 'z' -> Base58.decode(text.substring(1), MAX_TEXT_CHARS);
                default -> throw new IllegalArgumentException("not a peer id: '" + abbreviate(text)
                        + "' starts with neither 1, Qm nor a multibase prefix (b, z)");
            };
            return fromCid(cid);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("not a peer id: '" + abbreviate(text) + "': " + e.getMessage(), e);
        }
    }

    private static PeerId fromCid(byte[] cid) throws ProtocolException {
        var reader = new ByteReader(cid, "peer id CID");
        long version = reader.readVarint();
        if (version != CID_VERSION_1) {
            throw new ProtocolException("peer id: CID version " + version + ", expected 1");
        }
        long codec = reader.readVarint();
        if (codec != LIBP2P_KEY_CODEC) {
            throw new ProtocolException("peer id: CID codec 0x" + Long.toHexString(codec) + " is not libp2p-key (0x72)");
        }
        return fromBytes(reader.readRemaining());
    }

    /** The public key inlined in an identity-multihash PeerId, if it is an Ed25519 key. */
    public Optional<Ed25519PublicKey> publicKey() {
        if (multihash[0] != IDENTITY) {
            return Optional.empty();
        }
        try {
            return Optional.of(Ed25519PublicKey.fromProtobuf(Arrays.copyOfRange(multihash, 2, multihash.length)));
        } catch (ProtocolException e) {
            return Optional.empty();
        }
    }

    public boolean matches(Ed25519PublicKey key) {
        return equals(of(key));
    }

    public byte[] toBytes() {
        return multihash.clone();
    }

    public String toBase58() {
        return Base58.encode(multihash);
    }

    /** The CIDv1 form: multibase {@code b} (base32) of version 1, codec libp2p-key, multihash. */
    public String toCid() {
        byte[] cid = new byte[2 + multihash.length];
        cid[0] = CID_VERSION_1;
        cid[1] = LIBP2P_KEY_CODEC;
        System.arraycopy(multihash, 0, cid, 2, multihash.length);
        return "b" + Base32.encode(cid);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PeerId peerId && Arrays.equals(multihash, peerId.multihash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(multihash);
    }

    /** The base58btc form, as libp2p implementations display PeerIds. */
    @Override
    public String toString() {
        return toBase58();
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
