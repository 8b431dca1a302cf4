package liop.node.metering;

import static liop.node.metering.ModuleBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LEB128 exactly as strict as the specification, and never a read past the window. */
class BinaryReaderTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 63, 64, 127, 128, 624485, 0x7FFF_FFFFL, 0xFFFF_FFFFL})
    void unsignedValuesRoundTrip(long value) throws MeteringException {
        BinaryReader in = reader(new BinaryWriter().writeU32(value).toByteArray());
        assertThat(in.readU32()).isEqualTo(value);
        assertThat(in.atEnd()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 63, -64, 64, -65, -123456, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE})
    void signedValuesRoundTrip(long value) throws MeteringException {
        BinaryReader in = reader(new BinaryWriter().writeS64(value).toByteArray());
        assertThat(in.readS64()).isEqualTo(value);
        assertThat(in.atEnd()).isTrue();
        if (value == (int) value) {
            assertThat(reader(new BinaryWriter().writeS64(value).toByteArray()).readS32()).isEqualTo(value);
        }
    }

    @Test
    void paddedEncodingsWithinTheMaximumLengthAreAccepted() throws MeteringException {
        assertThat(reader(bytes(0x80, 0x80, 0x80, 0x80, 0x00)).readU32()).isZero();
        assertThat(reader(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x7F)).readS32()).isEqualTo(-1);
        assertThat(reader(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x07)).readS32()).isEqualTo(Integer.MAX_VALUE);
        assertThat(reader(bytes(0x80, 0x80, 0x80, 0x80, 0x78)).readS32()).isEqualTo(Integer.MIN_VALUE);
        assertThat(reader(bytes(0x7F)).readS33()).isEqualTo(-1);
    }

    @Test
    void unusedBitsOfTheLastByteMustBeZeroOrSignExtension() {
        assertMalformed(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x1F), BinaryReader::readU32, "too large for 32 bits");
        assertMalformed(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x0F | 0x40), BinaryReader::readS32, "too large for 32 bits");
        assertMalformed(bytes(0x80, 0x80, 0x80, 0x80, 0x70), BinaryReader::readS32, "too large for 32 bits");
        assertMalformed(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), BinaryReader::readS64, "too large for 64 bits");
        assertMalformed(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80), BinaryReader::readU32, "too long");
        assertMalformed(bytes(0x80, 0x80), BinaryReader::readU32, "unexpected end");
    }

    @Test
    void countsMustFitInTheBytesLeft() throws MeteringException {
        assertThat(reader(bytes(0x02, 0, 0, 0, 0)).readCount(2, "pair")).isEqualTo(2);
        assertMalformed(bytes(0x03, 0, 0, 0, 0), in -> in.readCount(2, "pair"), "pair count 3 cannot fit in the 4 bytes left");
    }

    @Test
    void aSliceIsAWindowItsReaderCannotLeave() throws MeteringException {
        BinaryReader in = reader(bytes(0x01, 0x02, 0x03));
        BinaryReader slice = in.slice(2, "part");
        assertThat(in.readByte()).isEqualTo(0x03);
        assertThat(slice.readByte()).isEqualTo(0x01);
        assertThat(slice.readByte()).isEqualTo(0x02);
        assertMalformed(slice, BinaryReader::readByte, "unexpected end");
        assertMalformed(bytes(0x01), in2 -> in2.slice(2, "part"), "part claims 2 bytes but only 1 remain");
    }

    @Test
    void namesMustBeUtf8() throws MeteringException {
        assertThat(reader(bytes(0x02, 0xC3, 0xA9)).readName("name")).isEqualTo("é");
        assertMalformed(bytes(0x01, 0xC3), in -> in.readName("name"), "name is not valid UTF-8");
        assertMalformed(bytes(0x05, 'a'), in -> in.readName("name"), "name of 5 bytes overruns its section");
    }

    private interface Read {
        Object from(BinaryReader in) throws MeteringException;
    }

    private static void assertMalformed(byte[] bytes, Read read, String why) {
        assertMalformed(reader(bytes), read, why);
    }

    private static void assertMalformed(BinaryReader in, Read read, String why) {
        assertThatThrownBy(() -> read.from(in)).isInstanceOf(MeteringException.class).hasMessageContaining(why);
    }

    private static BinaryReader reader(byte[] bytes) {
        return new BinaryReader(bytes);
    }
}
