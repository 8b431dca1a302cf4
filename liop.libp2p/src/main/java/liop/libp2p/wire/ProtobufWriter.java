package liop.libp2p.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the few protobuf messages libp2p exchanges (keys, the Noise handshake payload, identify):
 * varint and length-delimited fields, in the order the caller writes them. Field order matters for
 * keys, whose bytes become PeerIds, so callers write fields in field-number order as the spec asks.
 */
public final class ProtobufWriter {

    static final int VARINT = 0;
    static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ProtobufWriter varint(int field, long value) {
        tag(field, VARINT);
        rawVarint(value);
        return this;
    }

    public ProtobufWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    public ProtobufWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long value) {
        out.writeBytes(Varint.encode(value));
    }
}
