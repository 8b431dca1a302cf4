package liop.libp2p.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VarintTest {

    @ParameterizedTest
    @CsvSource({"0, 00", "1, 01", "127, 7f", "128, 8001", "255, ff01", "300, ac02", "16384, 808001", "9223372036854775807, ffffffffffffffff7f"})
    void encodesAsTheMultiformatsSpecSays(long value, String hex) throws Exception {
        assertThat(HexFormat.of().formatHex(Varint.encode(value))).isEqualTo(hex);
        assertThat(Varint.size(value)).isEqualTo(hex.length() / 2);
        ByteBuf buf = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
        assertThat(Varint.read(buf, Varint.MAX_BYTES, "test")).isEqualTo(value);
        assertThat(buf.isReadable()).isFalse();
        assertThat(new ByteReader(HexFormat.of().parseHex(hex), "test").readVarint()).isEqualTo(value);
    }

    @Test
    void anIncompleteVarintReadsNothing() throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 0x80});
        assertThat(Varint.read(buf, Varint.MAX_BYTES, "test")).isEqualTo(-1);
        assertThat(buf.readerIndex()).isZero();
    }

    @Test
    void refusesVarintsThatAreNotMinimal() {
        assertThatThrownBy(() -> Varint.read(Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, 0x00}), 9, "test"))
                .isInstanceOf(ProtocolException.class).hasMessage("test: varint is not in its shortest form");
        assertThatThrownBy(() -> new ByteReader(new byte[] {(byte) 0x80, 0x00}, "test").readVarint())
                .isInstanceOf(ProtocolException.class).hasMessageContaining("shortest form");
    }

    @Test
    void refusesVarintsLongerThanAllowed() {
        byte[] ten = HexFormat.of().parseHex("ffffffffffffffffff01");
        assertThatThrownBy(() -> Varint.read(Unpooled.wrappedBuffer(ten), Varint.MAX_BYTES, "test"))
                .isInstanceOf(ProtocolException.class).hasMessage("test: varint longer than 9 bytes");
        assertThatThrownBy(() -> Varint.read(Unpooled.wrappedBuffer(HexFormat.of().parseHex("808001")), 2, "test"))
                .isInstanceOf(ProtocolException.class).hasMessage("test: varint longer than 2 bytes");
    }

    @Test
    void negativeNumbersAreNotVarints() {
        assertThatThrownBy(() -> Varint.encode(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theByteReaderRefusesToReadPastTheEnd() {
        var reader = new ByteReader(new byte[] {5, 1, 2}, "thing");
        assertThatThrownBy(() -> reader.readBytes(reader.readLength(100)))
                .isInstanceOf(ProtocolException.class).hasMessage("thing: claims 5 bytes but only 2 are left");
        assertThatThrownBy(() -> new ByteReader(new byte[] {(byte) 200, 1}, "thing").readLength(100))
                .isInstanceOf(ProtocolException.class).hasMessage("thing: length 200 exceeds the limit of 100 bytes");
    }
}
