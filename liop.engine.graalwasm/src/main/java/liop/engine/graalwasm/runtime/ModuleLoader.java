package liop.engine.graalwasm.runtime;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import liop.api.engine.InvalidModuleException;
import liop.engine.support.depth.CallDepthLimit;
import liop.engine.support.depth.CallStack;
import liop.engine.support.run.DeclaredMemory;
import liop.engine.support.run.ModuleRules;
import liop.engine.support.wasi.WasiFunctions;

/**
 * Turns module bytes into a {@link LoadedModule}, refusing anything that is not a WASI preview1
 * command module this engine can run.
 *
 * <p>Modules are parsed and validated by Chicory's parser and checked by the same rules, with the
 * same words, as in the Chicory engine ({@link ModuleRules}): a module one engine refuses, the other
 * refuses too, for the same reason. They get the same call depth limit as there ({@link
 * CallDepthLimit}, with the {@link CallStack} numbers), so deep recursion traps at the same depth,
 * with the same fuel spent, on both engines. GraalWasm then gets the module in the form {@link
 * ModuleRewriter} gives it.
 */
public final class ModuleLoader {

    /** Opcodes with the 0xFD prefix, the vector instructions, are numbered from 0xFD00. */
    private static final int VECTOR_OPCODES = 0xFD00;

    private ModuleLoader() {}

    public static LoadedModule load(byte[] wasm, String name) throws InvalidModuleException {
        try {
            WasmModule module = ModuleRules.check(wasm);
            requireNoVectorInstructions(module);
            // Appends a global, and a local to counted functions: the module's own indices do not change.
            CallDepthLimit.Limited limited = CallDepthLimit.apply(wasm, module, CallStack.MAX_DEPTH, CallStack.VALUES_PER_UNIT);
            return new LoadedModule(rewrite(limited, name), DeclaredMemory.of(module), integerGlobals(module), linkError(module),
                    limited.tailCallsCounted());
        } catch (StackOverflowError e) {
            throw ModuleRules.nestedTooDeeply(e);
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
            FunctionType expected = WasiFunctions.type(imported.name()).orElseThrow();
            if (!expected.equals(module.typeSection().getType(imported.typeIndex()))) {
                return Optional.of("incompatible import type for host function " + WasiFunctions.MODULE + "." + imported.name());
            }
        }
        return Optional.empty();
    }

    private static GuestBinary rewrite(CallDepthLimit.Limited limited, String name) throws InvalidModuleException {
        try {
            ModuleRewriter rewriter = ModuleRewriter.of(limited.wasm()).capTables(ModuleRules.TABLE_MAX_ENTRIES);
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
        for (Export export : ModuleRules.exportsByName(module).values()) {
            if (export.exportType() == ExternalType.GLOBAL) {
                // Only function imports get past ModuleRules: global indices are the module's own.
                ValType type = module.globalSection().getGlobal(export.index()).valueType();
                if (type.equals(ValType.I32) || type.equals(ValType.I64)) {
                    names.add(export.name());
                }
            }
        }
        return Set.copyOf(names);
    }
}
