package liop.libp2p.multistream;

import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import liop.libp2p.wire.ProtocolException;
import liop.libp2p.wire.Varint;

/**
 * The framing of multistream-select 1.0: each message is a varint length, then that many bytes of
 * UTF-8 text ending in {@code '\n'} (the length counts the newline). Messages are protocol ids,
 * the header {@value #PROTOCOL_ID} and {@value #NOT_AVAILABLE}.
 */
public final class MultistreamCodec {

    public static final String PROTOCOL_ID = "/multistream/1.0.0";
    /** The listener's answer to a protocol it does not speak. */
    public static final String NOT_AVAILABLE = "na";
    /** js- and go-libp2p refuse longer protocol ids; so do we. */
    public static final int MAX_MESSAGE_BYTES = 1024;
    /** A length up to 1024 takes at most 2 varint bytes. */
    private static final int MAX_LENGTH_BYTES = 2;

    private MultistreamCodec() {}

    public static void write(ByteBuf out, String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        if (text.length + 1 > MAX_MESSAGE_BYTES || message.indexOf('\n') >= 0 || message.isEmpty()) {
            throw new IllegalArgumentException("not a multistream message: '" + message + "'");
        }
        Varint.write(out, text.length + 1);
        out.writeBytes(text);
        out.writeByte('\n');
    }

    /**
     * Reads the next message without its newline, or returns null (consuming nothing) when
     * {@code in} does not hold all of it yet.
     *
     * @throws ProtocolException for an empty or oversized message, one that does not end in a
     *     newline, holds another newline, or is not UTF-8
     */
    public static String read(ByteBuf in) throws ProtocolException {
        int start = in.readerIndex();
        long length = Varint.read(in, MAX_LENGTH_BYTES + 1, "multistream");
        if (length < 0) {
            return null;
        }
        if (length == 0 || length > MAX_MESSAGE_BYTES) {
            throw new ProtocolException("multistream: message of " + length + " bytes (1 to " + MAX_MESSAGE_BYTES + " allowed)");
        }
        if (in.readableBytes() < length) {
            in.readerIndex(start);
            return null;
        }
        ByteBuf message = in.readSlice((int) length);
        if (message.getByte(message.writerIndex() - 1) != '\n') {
            throw new ProtocolException("multistream: message does not end with a newline");
        }
        if (message.bytesBefore((int) length - 1, (byte) '\n') >= 0) {
            throw new ProtocolException("multistream: message holds more than one line");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(message.nioBuffer(message.readerIndex(), (int) length - 1))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("multistream: message is not UTF-8");
        }
    }
}
