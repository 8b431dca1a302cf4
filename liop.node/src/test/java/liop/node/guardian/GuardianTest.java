package liop.node.guardian;

import static liop.node.guardian.WasmBytes.bytes;
import static liop.node.guardian.WasmBytes.concat;
import static liop.node.guardian.WasmBytes.module;
import static liop.node.guardian.WasmBytes.name;
import static liop.node.guardian.WasmBytes.vec;
import static org.assertj.core.api.Assertions.assertThat;

import liop.api.engine.ExecutionStatus;
import org.junit.jupiter.api.Test;

class GuardianTest {

    private final Guardian guardian = new Guardian(new ModuleLimits(1 << 20, 16, 1000, 100, 100, 100, 100, 100));

    @Test
    void acceptsAWasiCommand() {
        assertThat(guardian.judge(WasmBytes.wasiCommand())).isInstanceOf(Guardian.Verdict.Accepted.class);
    }

    @Test
    void refusesImportsOutsideWasi() {
        byte[] module = module()
                .section(1, vec(bytes(0x60, 0x00, 0x00)))
                .section(2, vec(concat(name("env"), name("open_socket"), bytes(0x00, 0x00))))
                .section(7, vec(concat(name("_start"), bytes(0x00, 0x00))))
                .bytes();

        Rejection rejection = refusal(module);

        assertThat(rejection.status()).isEqualTo(ExecutionStatus.DENIED);
        assertThat(rejection.message()).contains("function env.open_socket").contains("only wasi_snapshot_preview1");
    }

    @Test
    void refusesAMemoryImportedEvenFromWasi() {
        byte[] module = module()
                .section(2, vec(concat(name("wasi_snapshot_preview1"), name("memory"), bytes(0x02, 0x00, 0x01))))
                .bytes();

        assertThat(refusal(module).message()).contains("memory wasi_snapshot_preview1.memory").contains("define the memory inside the module");
    }

    @Test
    void refusesAMemoryStartingAboveTheLimit() {
        byte[] module = module().section(5, vec(bytes(0x00, 0x20))).section(7, vec(concat(name("_start"), bytes(0x00, 0x00)))).bytes();

        Rejection rejection = refusal(module);

        assertThat(rejection.status()).isEqualTo(ExecutionStatus.DENIED);
        assertThat(rejection.message()).contains("starts at 32 pages").contains("at most 16 pages");
    }

    @Test
    void refusesAModuleWithoutStart() {
        byte[] library = module().section(1, vec(bytes(0x60, 0x00, 0x00))).section(3, vec(bytes(0x00))).section(10, vec(bytes(0x02, 0x00, 0x0b))).bytes();

        assertThat(refusal(library).message()).contains("no _start function").contains("WASI command");
    }

    @Test
    void refusesOversizedAndEmptyModules() {
        assertThat(new Guardian(new ModuleLimits(100, 16, 1000, 100, 100, 100, 100, 100)).judge(new byte[101])).isInstanceOfSatisfying(Guardian.Verdict.Refused.class,
                r -> assertThat(r.rejection().message()).contains("101 bytes").contains("up to 100 bytes"));
        assertThat(refusal(new byte[0]).message()).contains("empty");
    }

    @Test
    void refusesAbsurdDeclarationsBeforeAnyEngineAllocatesForThem() {
        // 200 globals against a limit of 100, each an i32 constant.
        byte[][] globals = new byte[200][];
        java.util.Arrays.fill(globals, bytes(0x7f, 0x00, 0x41, 0x00, 0x0b));
        assertThat(refusal(module().section(6, vec(globals)).bytes()).message()).contains("declares 200 globals").contains("globals.max");

        // One function declaring 2^32-1 locals.
        byte[] hugeLocals = module()
                .section(1, vec(bytes(0x60, 0x00, 0x00)))
                .section(3, vec(bytes(0x00)))
                .section(10, vec(concat(bytes(0x08, 0x01), WasmBytes.u32(0xFFFF_FFFFL), bytes(0x7f, 0x0b))))
                .bytes();
        assertThat(refusal(hugeLocals).message()).contains("declares 4294967295 locals in one function");

        byte[] hugeTable = module().section(4, vec(bytes(0x70, 0x00, 0x80, 0x80, 0x80, 0x80, 0x01))).bytes();
        assertThat(refusal(hugeTable).message()).contains("starts with 268435456 elements").contains("table.max.elements");
    }

    @Test
    void reportsMalformedModulesAsInvalid() {
        Rejection rejection = refusal(bytes(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01));

        assertThat(rejection.status()).isEqualTo(ExecutionStatus.INVALID);
        assertThat(rejection.message()).startsWith("malformed module:");
    }

    private Rejection refusal(byte[] module) {
        Guardian.Verdict verdict = guardian.judge(module);
        assertThat(verdict).isInstanceOf(Guardian.Verdict.Refused.class);
        return ((Guardian.Verdict.Refused) verdict).rejection();
    }
}
