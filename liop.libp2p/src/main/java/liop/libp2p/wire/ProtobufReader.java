package liop.libp2p.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a protobuf message field by field. Unknown fields are skipped (peers may be newer than
 * us), anything cut short or of an unknown wire type is a {@link ProtocolException}. The message
 * itself is bounded by whoever framed it.
 *
 * <pre>{@code
 * var reader = new ProtobufReader(bytes, "identify");
 * while (reader.next()) {
 *     switch (reader.field()) {
 *         case 1 -> publicKey = reader.bytes();
 *         default -> reader.skip();
 *     }
 * }
 * }</pre>
 */
public final class ProtobufReader {

    private static final int FIXED64 = 1;
    private static final int FIXED32 = 5;

    private final byte[] message;
    private final String what;
    private int position;
    private int field;
    private int wireType;

    public ProtobufReader(byte[] message, String what) {
        this.message = message;
        this.what = what;
    }

    /** Moves to the next field; false at the end of the message. */
    public boolean next() throws ProtocolException {
        if (position == message.length) {
            return false;
        }
        long tag = rawVarint();
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field == 0 || tag >>> 3 > 0x1FFFFFFF) {
            throw new ProtocolException(what + ": invalid field number " + (tag >>> 3));
        }
        return true;
    }

    public int field() {
        return field;
    }

    public long varint() throws ProtocolException {
        expect(ProtobufWriter.VARINT);
        return rawVarint();
    }

    public byte[] bytes() throws ProtocolException {
        expect(ProtobufWriter.LENGTH_DELIMITED);
        long length = rawVarint();
        if (length > message.length - position) {
            throw new ProtocolException(what + ": field " + field + " claims " + length + " bytes but only "
                    + (message.length - position) + " are left");
        }
        byte[] value = Arrays.copyOfRange(message, position, position + (int) length);
        position += (int) length;
        return value;
    }

    /** A string field; bytes that are not UTF-8 are a protocol error, not replacement characters. */
    public String string() throws ProtocolException {
        byte[] bytes = bytes();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(what + ": field " + field + " is not UTF-8");
        }
    }

    public void skip() throws ProtocolException {
        switch (wireType) {
            case ProtobufWriter.VARINT -> rawVarint();
            case ProtobufWriter.LENGTH_DELIMITED -> bytes();
            case FIXED64 -> advance(8);
            case FIXED32 -> advance(4);
            default -> throw new ProtocolException(what + ": field " + field + " has unsupported wire type " + wireType);
        }
    }

    private void expect(int expected) throws ProtocolException {
        if (wireType != expected) {
            throw new ProtocolException(what + ": field " + field + " has wire type " + wireType + ", expected " + expected);
        }
    }

    private void advance(int count) throws ProtocolException {
        if (count > message.length - position) {
            throw new ProtocolException(what + ": field " + field + " is cut short");
        }
        position += count;
    }

    /** Protobuf varints may take 10 bytes (negative int64s) and need not be minimal. */
    private long rawVarint() throws ProtocolException {
        long value = 0;
        for (int i = 0; i < 10; i++) {
            if (position == message.length) {
                throw new ProtocolException(what + ": message ends in the middle of a varint");
            }
            int b = message[position++] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new ProtocolException(what + ": varint longer than 10 bytes");
    }
}
