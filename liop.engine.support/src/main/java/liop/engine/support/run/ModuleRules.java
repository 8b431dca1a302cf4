package liop.engine.support.run;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.Table;
import java.util.HashMap;
import java.util.Map;
import liop.api.engine.InvalidModuleException;
import liop.engine.support.wasi.WasiFunctions;

/**
 * What a module must be for the engines to run it: a WASI preview1 command module that imports
 * nothing but WASI functions, exports a {@value #START} function that takes and returns nothing,
 * defines at most one memory, and starts its tables with no more than {@value #TABLE_MAX_ENTRIES}
 * entries. Both engines check modules with Chicory's parser and these rules, so a module one engine
 * refuses, the other refuses too, in the same words.
 */
public final class ModuleRules {

    /** The function a command module runs. */
    public static final String START = "_start";

    /**
     * The most entries a table may hold, at the start or grown ({@code table.grow} past it returns
     * -1): enough for the function-pointer tables of large C programs (a few thousand entries).
     * Tables live on the host heap, where nothing else bounds them.
     */
    public static final int TABLE_MAX_ENTRIES = 65_536;

    private ModuleRules() {}

    /**
     * Parses and validates {@code wasm}, and checks it by the rules above.
     *
     * @return Chicory's parse of {@code wasm}
     */
    public static WasmModule check(byte[] wasm) throws InvalidModuleException {
        WasmModule module = parse(wasm);
        requireOnlyWasiImports(module);
        requireCommand(module);
        requireOwnMemoryAndTables(module);
        return module;
    }

    /**
     * The refusal of a module whose loading overflowed the stack. Loading runs on the caller's
     * thread, whose stack the engine does not choose; Chicory's parser does not recurse on nesting
     * (tried up to a million nested blocks), but should a later version do so, a refusal is the
     * answer, not an Error thrown at the node.
     */
    public static InvalidModuleException nestedTooDeeply(StackOverflowError e) {
        return new InvalidModuleException("the module is nested too deeply for this engine to load", e);
    }

    /** The module's exports, by name. */
    public static Map<String, Export> exportsByName(WasmModule module) {
        ExportSection section = module.exportSection();
        Map<String, Export> byName = new HashMap<>();
        for (int i = 0; i < section.exportCount(); i++) {
            byName.put(section.getExport(i).name(), section.getExport(i));
        }
        return byName;
    }

    private static WasmModule parse(byte[] wasm) throws InvalidModuleException {
        try {
            return Parser.parse(wasm);
        } catch (RuntimeException e) {
            // Chicory reports most defects as ChicoryException, some (truncations) as whatever its
            // reading ran into: all of them mean the same to the sender.
            String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new InvalidModuleException("not a valid WebAssembly module: " + what, e);
        }
    }

    private static void requireOnlyWasiImports(WasmModule module) throws InvalidModuleException {
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imported = module.importSection().getImport(i);
            boolean wasiFunction = imported.importType() == ExternalType.FUNCTION
                    && WasiFunctions.MODULE.equals(imported.module())
                    && WasiFunctions.provides(imported.name());
            if (!wasiFunction) {
                throw new InvalidModuleException("the module imports " + imported.module() + "." + imported.name()
                        + ", which this engine does not provide: modules may import only " + WasiFunctions.MODULE + " functions");
            }
        }
    }

    private static void requireCommand(WasmModule module) throws InvalidModuleException {
        Export start = exportsByName(module).get(START);
        if (start == null || start.exportType() != ExternalType.FUNCTION) {
            throw new InvalidModuleException("not a WASI command module: it exports no _start function");
        }
        FunctionType type = functionType(module, start.index());
        if (!type.params().isEmpty() || !type.returns().isEmpty()) {
            throw new InvalidModuleException("_start must take and return nothing");
        }
    }

    private static void requireOwnMemoryAndTables(WasmModule module) throws InvalidModuleException {
        int memories = module.memorySection().map(section -> section.memoryCount()).orElse(0);
        if (memories > 1) {
            throw new InvalidModuleException("the module defines " + memories + " memories; at most one is supported");
        }
        for (int i = 0; i < module.tableSection().tableCount(); i++) {
            Table table = module.tableSection().getTable(i);
            if (table.limits().min() > TABLE_MAX_ENTRIES) {
                throw new InvalidModuleException("table " + i + " starts with " + table.limits().min()
                        + " entries, more than the engine's limit of " + TABLE_MAX_ENTRIES);
            }
        }
    }

    private static FunctionType functionType(WasmModule module, int functionIndex) {
        // Only function imports get past requireOnlyWasiImports, so import and function indices agree.
        int imported = module.importSection().count(ExternalType.FUNCTION);
        int typeIndex = functionIndex < imported
                ? ((FunctionImport) module.importSection().getImport(functionIndex)).typeIndex()
                : module.functionSection().getFunctionType(functionIndex - imported);
        return module.typeSection().getType(typeIndex);
    }
}
