package liop.libp2p.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtobufTest {

    @Test
    void writesFieldsAsProtobufDoes() {
        byte[] message = new ProtobufWriter().varint(1, 1).bytes(2, new byte[] {7, 8}).string(3, "hé").toByteArray();
        assertThat(HexFormat.of().formatHex(message)).isEqualTo("0801" + "12020708" + "1a0368c3a9");
    }

    @Test
    void readsWhatItWritesAndSkipsUnknownFields() throws Exception {
        byte[] message = new ProtobufWriter().varint(9, 300).string(3, "x").bytes(15, new byte[3]).string(3, "y").toByteArray();
        var reader = new ProtobufReader(message, "test");
        List<String> strings = new ArrayList<>();
        while (reader.next()) {
            if (reader.field() == 3) {
                strings.add(reader.string());
            } else {
                reader.skip();
            }
        }
        assertThat(strings).containsExactly("x", "y");
    }

    @Test
    void skipsFixedWidthFields() throws Exception {
        var reader = new ProtobufReader(HexFormat.of().parseHex("0d01020304" + "110102030405060708" + "1801"), "test");
        assertThat(reader.next()).isTrue();
        reader.skip();
        assertThat(reader.next()).isTrue();
        reader.skip();
        assertThat(reader.next()).isTrue();
        assertThat(reader.varint()).isEqualTo(1);
        assertThat(reader.next()).isFalse();
    }

    @Test
    void refusesEveryMalformation() {
        assertMalformed("12", "message ends in the middle of a varint");
        assertMalformed("1205aa", "field 2 claims 5 bytes but only 1 are left");
        assertMalformed("0d0102", "field 1 is cut short");
        assertMalformed("0b", "field 1 has unsupported wire type 3");
        assertMalformed("00", "invalid field number 0");
        assertMalformed("ffffffffffffffffffff01", "varint longer than 10 bytes");
        assertMalformed("1202c328", "field 2 is not UTF-8");
    }

    @Test
    void aFieldOfTheWrongTypeIsRefused() throws Exception {
        var reader = new ProtobufReader(HexFormat.of().parseHex("0801"), "test");
        reader.next();
        assertThatThrownBy(reader::bytes).isInstanceOf(ProtocolException.class).hasMessage("test: field 1 has wire type 0, expected 2");
    }

    private static void assertMalformed(String hex, String message) {
        assertThatThrownBy(() -> {
            var reader = new ProtobufReader(HexFormat.of().parseHex(hex), "test");
            while (reader.next()) {
                if (reader.field() == 2) {
                    reader.string();
                } else {
                    reader.skip();
                }
            }
        }).isInstanceOf(ProtocolException.class).hasMessage("test: " + message);
    }
}
