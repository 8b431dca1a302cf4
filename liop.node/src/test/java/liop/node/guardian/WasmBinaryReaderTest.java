package liop.node.guardian;

import static liop.node.guardian.WasmBytes.bytes;
import static liop.node.guardian.WasmBytes.concat;
import static liop.node.guardian.WasmBytes.module;
import static liop.node.guardian.WasmBytes.name;
import static liop.node.guardian.WasmBytes.vec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.Optional;
import liop.node.guardian.ModuleInfo.ExternKind;
import liop.node.guardian.ModuleInfo.Import;
import org.junit.jupiter.api.Test;

class WasmBinaryReaderTest {

    @Test
    void readsTheStructureOfAWasiCommand() throws Exception {
        ModuleInfo info = WasmBinaryReader.read(WasmBytes.wasiCommand());

        assertThat(info.imports()).containsExactly(new Import("wasi_snapshot_preview1", "fd_write", ExternKind.FUNCTION));
        assertThat(info.memories()).containsExactly(new ModuleInfo.Limits(1, Optional.empty()));
        assertThat(info.export("_start")).hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo(ExternKind.FUNCTION));
        assertThat(info.export("memory")).hasValueSatisfying(e -> assertThat(e.kind()).isEqualTo(ExternKind.MEMORY));
        assertThat(info.functionCount()).isEqualTo(1);
        assertThat(info.hasStartFunction()).isFalse();
    }

    @Test
    void rejectsWhatIsNotAModule() {
        assertThatThrownBy(() -> WasmBinaryReader.read(bytes(0, 1, 2))).hasMessageContaining("shorter than the 8-byte header");
        assertThatThrownBy(() -> WasmBinaryReader.read("(module)\n".getBytes())).hasMessageContaining("is it .wat text");
        assertThatThrownBy(() -> WasmBinaryReader.read(bytes(0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00))).hasMessageContaining("version");
    }

    @Test
    void rejectsAModuleCutInsideASection() throws Exception {
        byte[] whole = WasmBytes.wasiCommand();
        Set<Integer> sectionBoundaries = sectionBoundaries(whole);
        for (int length = 9; length < whole.length; length++) {
            byte[] truncated = Arrays.copyOf(whole, length);
            if (sectionBoundaries.contains(length)) {
                // A cut between sections leaves a shorter, well-formed module.
                WasmBinaryReader.read(truncated);
            } else {
                assertThatThrownBy(() -> WasmBinaryReader.read(truncated))
                        .as("module cut at %d bytes", length)
                        .isInstanceOf(ModuleFormatException.class);
            }
        }
    }

    private static Set<Integer> sectionBoundaries(byte[] module) {
        Set<Integer> boundaries = new HashSet<>();
        int pos = 8;
        while (pos < module.length) {
            pos++; // id
            long size = 0;
            int shift = 0;
            int b;
            do {
                b = module[pos++] & 0xff;
                size |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            pos += (int) size;
            boundaries.add(pos);
        }
        return boundaries;
    }

    @Test
    void rejectsASectionLongerThanTheModule() {
        byte[] lying = module().raw(0x01, 0xff, 0xff, 0x03).bytes();
        assertThatThrownBy(() -> WasmBinaryReader.read(lying)).hasMessageContaining("claims").hasMessageContaining("truncated");
    }

    @Test
    void rejectsOverlongLeb128() {
        byte[] overlong = module().raw(0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).bytes();
        assertThatThrownBy(() -> WasmBinaryReader.read(overlong)).hasMessageContaining("overlong");
    }

    @Test
    void rejectsACountBiggerThanItsSectionWithoutAllocating() {
        // 2^32-1 imports claimed in a 5-byte section.
        byte[] lying = module().section(2, bytes(0xff, 0xff, 0xff, 0xff, 0x0f)).bytes();
        assertThatThrownBy(() -> WasmBinaryReader.read(lying)).hasMessageContaining("claims 4294967295 entries");
    }

    @Test
    void rejectsSectionsOutOfOrderOrRepeated() {
        byte[] outOfOrder = module().section(3, vec()).section(1, vec()).bytes();
        assertThatThrownBy(() -> WasmBinaryReader.read(outOfOrder)).hasMessageContaining("out of order");
        byte[] repeated = module().section(1, vec()).section(1, vec()).bytes();
        assertThatThrownBy(() -> WasmBinaryReader.read(repeated)).hasMessageContaining("out of order or repeated");
    }

    @Test
    void rejectsUnknownSections() {
        assertThatThrownBy(() -> WasmBinaryReader.read(module().section(42, bytes()).bytes())).hasMessageContaining("unknown section id 42");
    }

    @Test
    void rejectsNamesThatAreNotUtf8() {
        byte[] badName = module().section(7, vec(concat(bytes(0x02, 0xc3, 0x28), bytes(0x00, 0x00)))).bytes();
        assertThatThrownBy(() -> WasmBinaryReader.read(badName)).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void rejectsDuplicateExports() {
        byte[] twice = module().section(7, vec(concat(name("a"), bytes(0x00, 0x00)), concat(name("a"), bytes(0x00, 0x01)))).bytes();
        assertThatThrownBy(() -> WasmBinaryReader.read(twice)).hasMessageContaining("used twice");
    }

    @Test
    void rejectsSectionsWithBytesLeftOver() {
        byte[] padded = module().section(5, concat(vec(bytes(0x00, 0x01)), bytes(0x00))).bytes();
        assertThatThrownBy(() -> WasmBinaryReader.read(padded)).hasMessageContaining("left over");
    }

    @Test
    void rejectsMemoryWhoseMaximumIsBelowItsMinimum() {
        byte[] inverted = module().section(5, vec(bytes(0x01, 0x05, 0x02))).bytes();
        assertThatThrownBy(() -> WasmBinaryReader.read(inverted)).hasMessageContaining("below its minimum");
    }

    @Test
    void rejectsMemory64() {
        byte[] memory64 = module().section(5, vec(bytes(0x04, 0x01))).bytes();
        assertThatThrownBy(() -> WasmBinaryReader.read(memory64)).hasMessageContaining("memory64");
    }

    @Test
    void skipsCustomSectionsAnywhere() throws Exception {
        byte[] withCustom = module().section(0, concat(name("producers"), bytes(1, 2, 3))).raw(Arrays.copyOfRange(WasmBytes.wasiCommand(), 8, WasmBytes.wasiCommand().length)).bytes();
        assertThat(WasmBinaryReader.read(withCustom).imports()).hasSize(1);
    }
}
