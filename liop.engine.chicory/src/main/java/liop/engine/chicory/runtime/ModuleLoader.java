package liop.engine.chicory.runtime;

import static java.lang.System.Logger.Level.INFO;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.Table;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import liop.api.engine.InvalidModuleException;
import liop.engine.chicory.ExecutionMode;
import liop.engine.chicory.depth.CallDepthLimit;

/**
 * Turns module bytes into a {@link LoadedModule}, refusing with a clear message anything that is
 * not a WASI preview1 command module this engine can run.
 */
public final class ModuleLoader {

    static final String WASI_MODULE = "wasi_snapshot_preview1";
    private static final System.Logger LOG = System.getLogger(ModuleLoader.class.getName());
    private static final String START = "_start";
    private static final Set<String> WASI_FUNCTIONS = wasiFunctionNames();

    private ModuleLoader() {}

    /**
     * Parses and validates {@code wasm}, gives it its call depth limit ({@link CallStack}) and, in
     * compiler mode, translates it to JVM bytecode.
     */
    public static LoadedModule load(byte[] wasm, ExecutionMode mode) throws InvalidModuleException {
        try {
            WasmModule original = parse(wasm);
            requireOnlyWasiImports(original);
            requireCommand(original);
            requireOwnMemoryAndTables(original);
            CallDepthLimit.Limited limited = CallDepthLimit.apply(wasm, original, CallStack.MAX_DEPTH, CallStack.VALUES_PER_UNIT);
            WasmModule module = limited.depthGlobal().isPresent() ? parseLimited(limited.wasm()) : original;
            return new LoadedModule(module, machines(module, mode), DeclaredMemory.of(module), exportedGlobals(module),
                    limited.depthGlobal(), limited.tailCallsCounted());
        } catch (StackOverflowError e) {
            // This runs on the caller's thread, whose stack the engine does not choose. Chicory's parser
            // and compiler do not recurse on nesting (tried up to a million nested blocks), but should a
            // later version do so, a refusal is the answer, not an Error thrown at the node.
            throw new InvalidModuleException("the module is nested too deeply for this engine to load", e);
        }
    }

    private static WasmModule parse(byte[] wasm) throws InvalidModuleException {
        try {
            return Parser.parse(wasm);
        } catch (RuntimeException e) {
            // Chicory reports most defects as ChicoryException, some (truncations) as whatever its
            // reading ran into: all of them mean the same to the sender.
            throw new InvalidModuleException("not a valid WebAssembly module: " + describe(e), e);
        }
    }

    private static WasmModule parseLimited(byte[] limited) throws InvalidModuleException {
        try {
            return Parser.parse(limited);
        } catch (RuntimeException e) {
            // Only a module at one of Chicory's own limits gets here (one local or one global too many).
            throw new InvalidModuleException("the module is valid but cannot be given its call depth limit: " + describe(e), e);
        }
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
                    && WASI_FUNCTIONS.contains(imported.name());
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
            if (table.limits().min() > CappedTables.MAX_ENTRIES) {
                throw new InvalidModuleException("table " + i + " starts with " + table.limits().min()
                        + " entries, more than the engine's limit of " + CappedTables.MAX_ENTRIES);
            }
        }
    }

    private static Function<Instance, Machine> machines(WasmModule module, ExecutionMode mode) {
        if (mode == ExecutionMode.INTERPRETER) {
            return InterpreterMachine::new;
        }
        try {
            // Functions too large for one JVM method run interpreted; that is Chicory's call, silently.
            return MachineFactoryCompiler.builder(module)
                    .withInterpreterFallback(InterpreterFallback.SILENT)
                    .compile();
        } catch (RuntimeException e) {
            // The module is valid (Chicory validated it) but the compiler cannot translate it, e.g.
            // an operand stack deeper than the 65535 slots of a JVM method: the interpreter runs it,
            // with the same results, as it runs the single functions that are too large.
            LOG.log(INFO, "the compiler cannot translate a module ({0}); it runs in the interpreter", e.toString());
            return InterpreterMachine::new;
        }
    }

    private static Map<String, Integer> exportedGlobals(WasmModule module) {
        return exports(module).values().stream()
                .filter(export -> export.exportType() == ExternalType.GLOBAL)
                .collect(Collectors.toUnmodifiableMap(Export::name, Export::index));
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

    private static Set<String> wasiFunctionNames() {
        try (WasiPreview1 wasi = WasiPreview1.builder().withLogger(SilentLogger.INSTANCE).build()) {
            return Arrays.stream(wasi.toHostFunctions()).map(HostFunction::name).collect(Collectors.toUnmodifiableSet());
        }
    }
}
