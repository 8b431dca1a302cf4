package liop.engine.graalwasm.runtime;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import liop.api.engine.InvalidModuleException;
import liop.engine.chicory.depth.CallDepthLimit;
import liop.engine.chicory.runtime.CallStack;
import liop.engine.graalwasm.wasi.SilentLogger;

/**
 * Turns module bytes into a {@link LoadedModule}, refusing anything that is not a WASI preview1
 * command module this engine can run.
 *
 * <p>Modules are parsed and validated by Chicory's parser and checked by the same rules, with the
 * same words, as in the Chicory engine: a module one engine refuses, the other refuses too, for the
 * same reason. They get the same call depth limit as there ({@link CallDepthLimit}, with the Chicory
 * engine's {@link CallStack} numbers), so deep recursion traps at the same depth, with the same fuel
 * spent, on both engines. GraalWasm then gets the module in the form {@link ModuleRewriter} gives it.
 */
public final class ModuleLoader {

    static final String WASI_MODULE = "wasi_snapshot_preview1";
    static final String START = "_start";
    /** The same cap on tables as in the Chicory engine: the function-pointer tables of large C programs fit. */
    static final int TABLE_MAX_ENTRIES = 65_536;

    /** Opcodes with the 0xFD prefix, the vector instructions, are numbered from 0xFD00. */
    private static final int VECTOR_OPCODES = 0xFD00;
    private static final Map<String, FunctionType> WASI_FUNCTIONS = wasiFunctionTypes();

    private ModuleLoader() {}

    public static LoadedModule load(byte[] wasm, String name) throws InvalidModuleException {
        try {
            WasmModule module = parse(wasm);
            requireOnlyWasiImports(module);
            requireCommand(module);
            requireOwnMemoryAndTables(module);
            requireNoVectorInstructions(module);
            // Appends a global, and a local to counted functions: the module's own indices do not change.
            CallDepthLimit.Limited limited = CallDepthLimit.apply(wasm, module, CallStack.MAX_DEPTH, CallStack.VALUES_PER_UNIT);
            return new LoadedModule(rewrite(limited, name), DeclaredMemory.of(module), integerGlobals(module), linkError(module),
                    limited.tailCallsCounted());
        } catch (StackOverflowError e) {
            // As in the Chicory engine: this runs on the caller's thread, whose stack the engine does
            // not choose; a refusal is the answer, not an Error thrown at the node.
            throw new InvalidModuleException("the module is nested too deeply for this engine to load", e);
        }
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

    private static void requireCommand(WasmModule module) throws InvalidModuleException {
        Export start = exports(module).get(START);
        if (start == null || start.exportType() != ExternalType.FUNCTION) {
            throw new InvalidModuleException("not a WASI command module: it exports no _start function");
        }
        FunctionType type = functionType(module, start.index());
        if (!type.params().isEmpty() || !type.returns().isEmpty()) {
            throw new InvalidModuleException("_start must take and return nothing");
        }
    }

    private static void requireOnlyWasiImports(WasmModule module) throws InvalidModuleException {
        for (int i = 0; i < module.importSection().importCount(); i++) {
            Import imported = module.importSection().getImport(i);
            boolean wasiFunction = imported.importType() == ExternalType.FUNCTION
                    && WASI_MODULE.equals(imported.module())
                    && WASI_FUNCTIONS.containsKey(imported.name());
            if (!wasiFunction) {
                throw new InvalidModuleException("the module imports " + imported.module() + "." + imported.name()
                        + ", which this engine does not provide: modules may import only " + WASI_MODULE + " functions");
            }
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

    /**
     * Chicory 1.7 runs no vector (SIMD) instructions (it traps when one executes); GraalWasm would.
     * Refused here, so that no module gives a result on this engine that it could not give on Chicory.
     */
    private static void requireNoVectorInstructions(WasmModule module) throws InvalidModuleException {
        for (FunctionBody body : module.codeSection().functionBodies()) {
            for (Instruction instruction : body.instructions()) {
                if (instruction.opcode().opcode() >= VECTOR_OPCODES) {
                    throw new InvalidModuleException("the module could not be compiled: it uses the vector instruction "
                            + instruction.opcode() + ", which this engine does not run");
                }
            }
        }
    }

    /**
     * Why the module's WASI imports cannot be linked, if they cannot: Chicory says so when it
     * instantiates the module, so the run, not the compile, reports it, as there.
     */
    private static Optional<String> linkError(WasmModule module) {
        for (int i = 0; i < module.importSection().importCount(); i++) {
            FunctionImport imported = (FunctionImport) module.importSection().getImport(i);
            FunctionType expected = WASI_FUNCTIONS.get(imported.name());
            if (!expected.equals(module.typeSection().getType(imported.typeIndex()))) {
                return Optional.of("incompatible import type for host function " + WASI_MODULE + "." + imported.name());
            }
        }
        return Optional.empty();
    }

    private static GuestBinary rewrite(CallDepthLimit.Limited limited, String name) throws InvalidModuleException {
        try {
            ModuleRewriter rewriter = ModuleRewriter.of(limited.wasm()).capTables(TABLE_MAX_ENTRIES);
            String prefix = rewriter.unusedExportPrefix();
            Optional<String> depthExport = Optional.empty();
            if (limited.depthGlobal().isPresent()) {
                depthExport = Optional.of(prefix + "depth");
                rewriter = rewriter.exportGlobal(depthExport.get(), limited.depthGlobal().getAsInt());
            }
            Optional<String> memoryExport = rewriter.memoryExport();
            if (memoryExport.isEmpty() && rewriter.hasMemory()) {
                memoryExport = Optional.of(prefix + "memory");
                rewriter = rewriter.exportMemory(memoryExport.get());
            }
            Optional<String> startExport = Optional.empty();
            if (rewriter.startFunction().isPresent()) {
                startExport = Optional.of(prefix + "start");
                rewriter = rewriter.exportStartFunction(startExport.get());
            }
            return new GuestBinary(name, rewriter, new GuestBinary.HostExports(memoryExport, startExport, depthExport));
        } catch (IllegalArgumentException e) {
            throw new InvalidModuleException("the module could not be compiled: " + e.getMessage(), e);
        }
    }

    /** Exported globals whose values a run can report: those of type i32 and i64. */
    private static Set<String> integerGlobals(WasmModule module) {
        Set<String> names = new HashSet<>();
        for (Export export : exports(module).values()) {
            if (export.exportType() == ExternalType.GLOBAL) {
                // Only function imports get past requireOnlyWasiImports: global indices are the module's own.
                ValType type = module.globalSection().getGlobal(export.index()).valueType();
                if (type.equals(ValType.I32) || type.equals(ValType.I64)) {
                    names.add(export.name());
                }
            }
        }
        return Set.copyOf(names);
    }

    private static Map<String, Export> exports(WasmModule module) {
        ExportSection section = module.exportSection();
        Map<String, Export> byName = new HashMap<>();
        for (int i = 0; i < section.exportCount(); i++) {
            byName.put(section.getExport(i).name(), section.getExport(i));
        }
        return byName;
    }

    private static FunctionType functionType(WasmModule module, int functionIndex) {
        // Only function imports get past requireOnlyWasiImports, so import and function indices agree.
        int imported = module.importSection().count(ExternalType.FUNCTION);
        int typeIndex = functionIndex < imported
                ? ((FunctionImport) module.importSection().getImport(functionIndex)).typeIndex()
                : module.functionSection().getFunctionType(functionIndex - imported);
        return module.typeSection().getType(typeIndex);
    }

    private static Map<String, FunctionType> wasiFunctionTypes() {
        try (WasiPreview1 wasi = WasiPreview1.builder().withLogger(SilentLogger.INSTANCE).build()) {
            return Arrays.stream(wasi.toHostFunctions())
                    .collect(Collectors.toUnmodifiableMap(HostFunction::name, HostFunction::functionType, (a, b) -> a));
        }
    }
}
