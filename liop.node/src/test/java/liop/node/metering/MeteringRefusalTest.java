package liop.node.metering;

import static liop.node.metering.ModuleBytes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import liop.node.metering.MeteringException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Modules the meter must refuse, each with the reason and the words that tell the user why. */
class MeteringRefusalTest {

    private static final byte[] TYPE_VOID = section(TYPE, 0x01, 0x60, 0x00, 0x00);
    private static final byte[] ONE_FUNCTION = section(FUNCTION, 0x01, 0x00);
    private static final byte[] EMPTY_BODY = section(CODE, 0x01, 0x02, 0x00, 0x0B);

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", new byte[0], "shorter than the 8-byte header"),
                Arguments.of("text, not a module", "(module)".getBytes(StandardCharsets.UTF_8), "does not start with \\0asm"),
                Arguments.of("truncated section", bytes(concat(HEADER, 0x01, 0x0A, 0x01)), "claims 10 bytes but only 1 remain"),
                Arguments.of("sections out of order", module(ONE_FUNCTION, TYPE_VOID), "type section is out of order"),
                Arguments.of("repeated section", module(TYPE_VOID, TYPE_VOID), "type section is out of order or repeated"),
                Arguments.of("unknown section", module(section(14, 0x00)), "unknown section id 14"),
                Arguments.of("count larger than the section", module(section(TYPE, 0xFF, 0xFF, 0x03)), "type count 65535 cannot fit"),
                Arguments.of("overlong LEB128", module(section(TYPE, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)), "integer representation too long"),
                Arguments.of("LEB128 above 32 bits", module(section(TYPE, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F)), "too large for 32 bits"),
                Arguments.of("signed LEB128 above 32 bits", functionModule(0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x4F, 0x1A, 0x0B), "too large for 32 bits"),
                Arguments.of("entries after the last", module(section(TYPE, 0x00, 0x00)), "type section has 1 bytes after its last entry"),
                Arguments.of("body without its end", functionModule(0x01), "ends before its final end"),
                Arguments.of("bytes after the body's end", functionModule(0x0B, 0x01), "bytes after the end of the function body"),
                Arguments.of("unknown opcode", functionModule(0x27, 0x0B), "unknown opcode 0x27"),
                Arguments.of("global.get reaching the fuel counter", functionModule(0x23, 0x00, 0x1A, 0x0B), "global 0 does not exist"),
                Arguments.of("global.set resetting the fuel counter", functionModule(0x42, 0x00, 0x24, 0x00, 0x0B), "global 0 does not exist"),
                Arguments.of("local past the last", functionModule(0x20, 0x00, 0x1A, 0x0B), "local 0 does not exist (the function has 0)"),
                Arguments.of("branch out of the function", functionModule(0x0C, 0x01, 0x0B), "branch to label 1 but only 1 blocks enclose it"),
                Arguments.of("br_table out of the function", functionModule(0x41, 0x00, 0x0E, 0x01, 0x00, 0x05, 0x0B), "branch to label 5"),
                Arguments.of("else outside an if", functionModule(0x02, 0x40, 0x05, 0x0B, 0x0B), "else outside an if"),
                Arguments.of("invalid block type", functionModule(0x02, 0x50, 0x0B, 0x0B), "invalid block type 0x50"),
                Arguments.of("functions without code", module(TYPE_VOID, ONE_FUNCTION), "declares 1 functions but has no code section"),
                Arguments.of("more bodies than functions", module(TYPE_VOID, ONE_FUNCTION, section(CODE, 0x02, 0x02, 0x00, 0x0B, 0x02, 0x00, 0x0B)), "code section has 2 bodies for 1 declared functions"),
                Arguments.of("unknown type", module(section(TYPE, 0x00), ONE_FUNCTION), "type index 0 does not exist"),
                Arguments.of("too many locals", functionModule(new int[] {0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F}, 0x0B), "too many to add the meter's two"),
                Arguments.of("invalid value type", functionModule(new int[] {0x01, 0x01, 0x40}, 0x0B), "invalid value type 0x40"),
                Arguments.of("export name twice", module(TYPE_VOID, ONE_FUNCTION, section(EXPORT, 0x02, 0x01, 'f', 0x00, 0x00, 0x01, 'f', 0x00, 0x00), EMPTY_BODY), "export name \"f\" is used twice"),
                Arguments.of("export name not UTF-8", module(TYPE_VOID, ONE_FUNCTION, section(EXPORT, 0x01, 0x01, 0xFF, 0x00, 0x00), EMPTY_BODY), "export name is not valid UTF-8"),
                Arguments.of("export naming the fuel global's index", module(section(EXPORT, 0x01, 0x01, 'g', 0x03, 0x00)), "export \"g\" names global 0, which does not exist"),
                Arguments.of("invalid memory limits", module(section(MEMORY, 0x01, 0x09, 0x01)), "invalid memory limits flags 0x09"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedModulesAreRefused(String what, byte[] module, String why) {
        assertRefused(module, Reason.MALFORMED, why);
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of("a component (binary version 0x1000d)", bytes(0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00), "unsupported: binary format version 65549"),
                Arguments.of("try", functionModule(0x06, 0x40, 0x0B, 0x0B), "unsupported: exception handling (opcode 0x06)"),
                Arguments.of("try_table", functionModule(0x1F, 0x40, 0x00, 0x0B, 0x0B), "unsupported: exception handling (opcode 0x1f)"),
                Arguments.of("tag section", module(section(TAG, 0x00)), "unsupported: exception handling (tag section)"),
                Arguments.of("shared memory", module(section(MEMORY, 0x01, 0x03, 0x01, 0x01)), "unsupported: threads (shared memory)"),
                Arguments.of("atomic instruction", functionModule(0xFE, 0x03, 0x00, 0x0B), "unsupported: threads (0xFE atomic instructions)"),
                Arguments.of("64-bit memory", module(section(MEMORY, 0x01, 0x04, 0x01)), "unsupported: 64-bit memory (memory64)"),
                Arguments.of("64-bit table", module(section(TABLE, 0x01, 0x70, 0x04, 0x01)), "unsupported: 64-bit table (memory64)"),
                Arguments.of("struct type", module(section(TYPE, 0x01, 0x5F, 0x00)), "unsupported: garbage collection"),
                Arguments.of("typed reference parameter", module(section(TYPE, 0x01, 0x60, 0x01, 0x64, 0x70, 0x00)), "unsupported: typed references"),
                Arguments.of("GC instruction", functionModule(0xFB, 0x00, 0x00, 0x0B), "unsupported: garbage collection"),
                Arguments.of("call_ref", functionModule(0x14, 0x00, 0x0B), "unsupported: typed function references (opcode 0x14)"),
                Arguments.of("relaxed SIMD", functionModule(0xFD, 0x80, 0x02, 0x0B), "unsupported: relaxed SIMD"),
                Arguments.of("memarg naming a memory", functionModule(0x41, 0x00, 0x28, 0x42, 0x01, 0x00, 0x1A, 0x0B), "unsupported: multiple memories"),
                Arguments.of("memory.size of memory 1", functionModule(0x3F, 0x01, 0x1A, 0x0B), "unsupported: multiple memories"),
                Arguments.of("the fuel counter's name already exported", module(TYPE_VOID, ONE_FUNCTION,
                        section(EXPORT, concat(concat(new int[] {0x01, 14}, ascii(FuelMeter.FUEL_USED_GLOBAL)), 0x00, 0x00)), EMPTY_BODY),
                        "unsupported: the module already exports \"liop_fuel_used\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupported")
    void unsupportedFeaturesAreRefusedByName(String what, byte[] module, String why) {
        assertRefused(module, Reason.UNSUPPORTED, why);
    }

    @Test
    void aMeteredModuleCannotBeMeteredAgain() throws MeteringException {
        byte[] once = FuelMeter.meter(Chicory.guest("hello"), 1000);
        assertRefused(once, Reason.UNSUPPORTED, "already exports \"liop_fuel_used\"");
    }

    @Test
    void fuelLimitsOutsideTheRangeAreProgrammingErrors() {
        byte[] module = Chicory.guest("hello");
        assertThatThrownBy(() -> FuelMeter.meter(module, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FuelMeter.meter(module, FuelMeter.MAX_FUEL_LIMIT + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deeplyNestedBlocksAreHandledWithoutRecursion() throws MeteringException {
        int depth = 200_000; // far deeper than any Java stack could recurse
        byte[] code = new byte[depth * 3 + 1];
        for (int i = 0; i < depth; i++) {
            code[2 * i] = 0x02; // block
            code[2 * i + 1] = 0x40; // with no type
            code[2 * depth + i] = 0x0B; // end
        }
        code[3 * depth] = 0x0B; // the function's end
        byte[] module = new BinaryWriter()
                .writeBytes(bytes(HEADER))
                .writeBytes(section(TYPE, 0x01, 0x60, 0x00, 0x00))
                .writeBytes(section(FUNCTION, 0x01, 0x00))
                .writeSection(CODE, new BinaryWriter().writeU32(1).writeU32(code.length + 1).writeByte(0).writeBytes(code))
                .toByteArray();
        assertThat(FuelMeter.meter(module, 1000)).isNotEmpty();
    }

    @Test
    void aModuleThatWouldGrowBeyondReasonIsRefused() {
        // memory.grow chained 30000 times: two bytes each, each needing a run-time charge and check.
        int[] code = new int[2 + 2 * 30000 + 2];
        code[0] = 0x3F; // memory.size
        code[1] = 0x00;
        for (int i = 0; i < 30000; i++) {
            code[2 + 2 * i] = 0x40; // memory.grow
            code[3 + 2 * i] = 0x00;
        }
        code[code.length - 2] = 0x1A; // drop
        code[code.length - 1] = 0x0B; // end
        byte[] module = new BinaryWriter()
                .writeBytes(bytes(HEADER))
                .writeBytes(section(TYPE, 0x01, 0x60, 0x00, 0x00))
                .writeBytes(section(FUNCTION, 0x01, 0x00))
                .writeBytes(section(MEMORY, 0x01, 0x00, 0x01))
                .writeSection(CODE, new BinaryWriter().writeU32(1).writeU32(code.length + 1).writeByte(0).writeBytes(bytes(code)))
                .toByteArray();
        assertRefused(module, Reason.UNSUPPORTED, "more than 8 times larger");
    }

    private static void assertRefused(byte[] module, Reason reason, String why) {
        assertThatThrownBy(() -> FuelMeter.meter(module, 1000))
                .isInstanceOfSatisfying(MeteringException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageStartingWith("cannot meter module: ")
                .hasMessageContaining(why);
    }

    private static int[] concat(int[] a, int... b) {
        return ModuleBytes.concat(a, b);
    }

    private static int[] ascii(String s) {
        return s.chars().toArray();
    }
}
