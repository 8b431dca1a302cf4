package liop.engine.graalwasm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import org.junit.jupiter.api.Test;

/** Each edit, checked by parsing the result with Chicory's parser. */
class ModuleRewriterTest {

    private static final String MODULE = """
            (module
              (type $t (func))
              (table 2 funcref)
              (table 1 100000 externref)
              (memory 1)
              (global (export "g") (mut i32) (i32.const 0))
              (func $init)
              (start $init)
              (func (export "_start")))
            """;

    @Test
    void tables_get_a_maximum_no_larger_than_the_cap() {
        WasmModule module = rewritten(ModuleRewriter.of(wasm(MODULE)).capTables(65_536));

        assertThat(module.tableSection().getTable(0).limits().max()).isEqualTo(65_536);
        assertThat(module.tableSection().getTable(1).limits().max()).isEqualTo(65_536);
        assertThat(module.tableSection().getTable(1).limits().min()).isEqualTo(1);
    }

    @Test
    void a_memory_without_maximum_gets_the_cap_and_keeps_its_initial_size() {
        WasmModule module = rewritten(ModuleRewriter.of(wasm(MODULE)).capMemory(16));

        assertThat(module.memorySection().orElseThrow().getMemory(0).limits().initialPages()).isEqualTo(1);
        assertThat(module.memorySection().orElseThrow().getMemory(0).limits().maximumPages()).isEqualTo(16);
    }

    @Test
    void a_smaller_declared_maximum_is_kept() {
        WasmModule module = rewritten(ModuleRewriter.of(wasm("(module (memory 1 4))")).capMemory(16));

        assertThat(module.memorySection().orElseThrow().getMemory(0).limits().maximumPages()).isEqualTo(4);
    }

    @Test
    void memory_is_exported_next_to_the_guests_own_exports() {
        ModuleRewriter rewriter = ModuleRewriter.of(wasm(MODULE));
        assertThat(rewriter.memoryExport()).isEmpty();

        ModuleRewriter exported = rewriter.exportMemory("mem");

        assertThat(exported.memoryExport()).contains("mem");
        WasmModule module = rewritten(exported);
        assertThat(module.exportSection().exportCount()).isEqualTo(3);
        assertThat(module.exportSection().getExport(2).exportType()).isEqualTo(ExternalType.MEMORY);
    }

    @Test
    void a_module_without_exports_gets_an_export_section_in_its_place() {
        WasmModule module = rewritten(ModuleRewriter.of(wasm("(module (memory 1) (func) (data (i32.const 0) \"x\"))")).exportMemory("mem"));

        assertThat(module.exportSection().getExport(0).name()).isEqualTo("mem");
    }

    @Test
    void the_hosts_export_names_never_collide_with_the_guests() {
        String taken = "(module (func (export \"\\00liop-memory\")) (func (export \"\\00\\00liop-x\")))";

        assertThat(ModuleRewriter.of(wasm("(module)")).unusedExportPrefix()).isEqualTo("\0liop-");
        assertThat(ModuleRewriter.of(wasm(taken)).unusedExportPrefix()).isEqualTo("\0\0\0liop-");
    }

    @Test
    void the_start_function_becomes_an_export() {
        ModuleRewriter rewriter = ModuleRewriter.of(wasm(MODULE));
        assertThat(rewriter.startFunction()).hasValue(0);

        ModuleRewriter detached = rewriter.exportStartFunction("init");

        assertThat(detached.startFunction()).isEmpty();
        WasmModule module = rewritten(detached);
        assertThat(module.startSection()).isEmpty();
        assertThat(module.exportSection().getExport(2).name()).isEqualTo("init");
        assertThat(module.exportSection().getExport(2).index()).isZero();
    }

    private static byte[] wasm(String wat) {
        return Wat2Wasm.parse(wat);
    }

    private static WasmModule rewritten(ModuleRewriter rewriter) {
        return Parser.parse(rewriter.bytes());
    }
}
