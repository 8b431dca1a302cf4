package liop.node.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.Parser;
import liop.node.wasm.SectionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The meter appends a helper function (and its type) that adds to the fuel count: a module must
 * never reach it, or it could make its own count go down. Its index is one past the module's last
 * function, which the original module may not name anywhere: such a module is invalid, and metering
 * would make it valid.
 */
class HelperFunctionTest {

    /** Two functions (0 and 1): the helper would be function 2, its type type 1. */
    private static final String TWO_FUNCTIONS = """
            (type $void (func))
            (table 2 funcref)
            (func $a)
            (func $b)
            """;

    @ParameterizedTest
    @ValueSource(strings = {
        "(export \"f\" (func 2))",
        "(start 2)",
        "(elem (i32.const 0) func 2)",
        "(elem declare func 2)",
        "(global funcref (ref.func 2))",
    })
    void aModuleNamingTheFunctionAfterItsLastIsRefused(String naming) {
        byte[] module = lenientWat("(module " + TWO_FUNCTIONS + naming + ")");
        assertThatThrownBy(() -> FuelMeter.meter(module, 1000))
                .isInstanceOf(MeteringException.class)
                .hasMessageContaining("function 2")
                .hasMessageContaining("does not exist");
    }

    @Test
    void theHelperIsTheLastFunctionAndNothingButTheMeterCallsIt() throws MeteringException {
        byte[] metered = FuelMeter.meter(Chicory.wat("(module " + TWO_FUNCTIONS + "(export \"b\" (func $b)))"), 1000);
        var module = Parser.parse(metered);
        assertThat(module.functionSection().functionCount()).isEqualTo(3);
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            assertThat(exports.getExport(i).index()).as(exports.getExport(i).name()).isNotEqualTo(2);
        }
    }

    /**
     * Chicory's WAT assembler checks indices, so the module is assembled with a third function,
     * which is then cut off: the function and code sections lose their last entry.
     */
    private static byte[] lenientWat(String wat) {
        byte[] withThird = Chicory.wat(wat.replace("(func $b)", "(func $b) (func $c)"));
        try {
            BinaryWriter out = new BinaryWriter().writeBytes(withThird, 0, Sections.HEADER_SIZE);
            for (Sections.Section section : Sections.read(withThird)) {
                if (section.id() == SectionId.FUNCTION || section.id() == SectionId.CODE) {
                    BinaryReader in = section.content(withThird);
                    long count = in.readU32();
                    BinaryWriter content = new BinaryWriter().writeU32(count - 1);
                    for (int i = 0; i < count - 1; i++) {
                        if (section.id() == SectionId.FUNCTION) {
                            content.writeU32(in.readU32());
                        } else {
                            long size = in.readU32();
                            int start = in.position();
                            in.skip((int) size, "body");
                            content.writeU32(size).writeBytes(withThird, start, (int) size);
                        }
                    }
                    out.writeSection(section.id(), content);
                } else {
                    out.writeBytes(withThird, section.start(), section.end() - section.start());
                }
            }
            return out.toByteArray();
        } catch (MeteringException e) {
            throw new AssertionError(e);
        }
    }
}
