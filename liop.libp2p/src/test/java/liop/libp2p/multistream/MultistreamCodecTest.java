package liop.libp2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import liop.libp2p.wire.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultistreamCodecTest {

    @Test
    void framesAMessageWithItsLengthAndANewline() throws Exception {
        ByteBuf out = Unpooled.buffer();
        MultistreamCodec.write(out, MultistreamCodec.PROTOCOL_ID);
        assertThat(out.getByte(0)).isEqualTo((byte) 19);
        assertThat(out.toString(1, 19, StandardCharsets.UTF_8)).isEqualTo("/multistream/1.0.0\n");
        assertThat(MultistreamCodec.read(out)).isEqualTo("/multistream/1.0.0");
        assertThat(out.isReadable()).isFalse();
    }

    @Test
    void readsNothingUntilTheWholeMessageIsThere() throws Exception {
        ByteBuf whole = Unpooled.buffer();
        MultistreamCodec.write(whole, "/yamux/1.0.0");
        for (int length = 0; length < whole.readableBytes(); length++) {
            ByteBuf part = whole.slice(0, length);
            assertThat(MultistreamCodec.read(part)).isNull();
            assertThat(part.readerIndex()).isZero();
        }
    }

    @Test
    void aLongProtocolIdTakesATwoByteLength() throws Exception {
        String id = "/" + "x".repeat(1022);
        ByteBuf out = Unpooled.buffer();
        MultistreamCodec.write(out, id);
        assertThat(MultistreamCodec.read(out)).isEqualTo(id);
        assertThatThrownBy(() -> MultistreamCodec.write(Unpooled.buffer(), id + "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "00, message of 0 bytes",
        "8108, message of 1025 bytes",
        "ffffff01, varint longer than 3 bytes",
        "8000, varint is not in its shortest form",
        "026e61, does not end with a newline",
        "036e0a0a, holds more than one line",
        "03c3280a, is not UTF-8"})
    void refusesEveryMalformedMessage(String hex, String reason) {
        assertThatThrownBy(() -> MultistreamCodec.read(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex))))
                .isInstanceOf(ProtocolException.class)
                .hasMessageStartingWith("multistream: ")
                .hasMessageContaining(reason);
    }

    @Test
    void refusesToWriteWhatIsNotAMessage() {
        assertThatThrownBy(() -> MultistreamCodec.write(Unpooled.buffer(), "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultistreamCodec.write(Unpooled.buffer(), "a\nb")).isInstanceOf(IllegalArgumentException.class);
    }
}
