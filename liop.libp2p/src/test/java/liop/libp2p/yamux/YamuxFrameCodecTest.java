package liop.libp2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import liop.libp2p.wire.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YamuxFrameCodecTest {

    @Test
    void theHeaderIsTwelveBigEndianBytes() {
        ByteBuf header = YamuxFrameCodec.header(Unpooled.buffer().alloc(), YamuxFrame.TYPE_WINDOW_UPDATE,
                YamuxFrame.FLAG_SYN | YamuxFrame.FLAG_ACK, 0x01020304, 0xFFFF_FFFFL);
        assertThat(HexFormat.of().formatHex(bytes(header))).isEqualTo("00" + "01" + "0003" + "01020304" + "ffffffff");
    }

    @Test
    void readsAFrameOnlyOnceItsPayloadIsThere() throws Exception {
        ByteBuf in = Unpooled.buffer();
        YamuxFrameCodec.writeHeader(in, YamuxFrame.TYPE_DATA, YamuxFrame.FLAG_FIN, 3, 4).writeBytes(new byte[] {1, 2, 3});
        assertThat(YamuxFrameCodec.decode(in, 10)).isNull();
        assertThat(in.readerIndex()).isZero();
        in.writeByte(4);
        YamuxFrame frame = YamuxFrameCodec.decode(in, 10);
        assertThat(frame.type()).isEqualTo(YamuxFrame.TYPE_DATA);
        assertThat(frame.has(YamuxFrame.FLAG_FIN)).isTrue();
        assertThat(frame.has(YamuxFrame.FLAG_SYN)).isFalse();
        assertThat(frame.streamId()).isEqualTo(3);
        assertThat(bytes(frame.data())).containsExactly(1, 2, 3, 4);
        assertThat(in.isReadable()).isFalse();
    }

    @Test
    void frameTypesOtherThanDataHaveNoPayload() throws Exception {
        ByteBuf in = Unpooled.buffer();
        YamuxFrameCodec.writeHeader(in, YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, 0xFFFF_FFFFL);
        YamuxFrame ping = YamuxFrameCodec.decode(in, 10);
        assertThat(ping.length()).isEqualTo(0xFFFF_FFFFL);
        assertThat(ping.data()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "010000000000000000000000, frame version 1, only 0 exists",
        "000400000000000000000000, unknown frame type 4",
        "000000100000000100000000, unknown flags 0x10 on a data frame",
        "000200010000000100000000, ping frame on stream 1 (belongs on stream 0)",
        "000300000000000500000000, go away frame on stream 5",
        "000000000000000000000000, data frame on stream 0 (stream 0 is the session's)",
        "000100010000000000000000, window update frame on stream 0",
        "000000000000000100000401, data frame of 1025 bytes exceeds the limit of 1024",
        "0000000000000001ffffffff, data frame of 4294967295 bytes exceeds the limit of 1024"})
    void refusesEveryMalformedFrame(String hex, String reason) {
        assertThatThrownBy(() -> YamuxFrameCodec.decode(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex)), 1024))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("yamux: ")
                .hasMessageContaining(reason);
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }
}
