package liop.engine.chicory.runtime;

import static java.lang.System.Logger.Level.INFO;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import liop.api.engine.InvalidModuleException;
import liop.engine.chicory.ExecutionMode;
import liop.engine.support.depth.CallDepthLimit;
import liop.engine.support.depth.CallStack;
import liop.engine.support.run.DeclaredMemory;
import liop.engine.support.run.ModuleRules;

/**
 * Turns module bytes into a {@link LoadedModule}, refusing with a clear message anything that is
 * not a WASI preview1 command module this engine can run ({@link ModuleRules}).
 */
public final class ModuleLoader {

    private static final System.Logger LOG = System.getLogger(ModuleLoader.class.getName());

    private ModuleLoader() {}

    /**
     * Parses, validates and checks {@code wasm}, gives it its call depth limit ({@link CallStack})
     * and, in compiler mode, translates it to JVM bytecode.
     */
    public static LoadedModule load(byte[] wasm, ExecutionMode mode) throws InvalidModuleException {
        try {
            WasmModule original = ModuleRules.check(wasm);
            CallDepthLimit.Limited limited = CallDepthLimit.apply(wasm, original, CallStack.MAX_DEPTH, CallStack.VALUES_PER_UNIT);
            WasmModule module = limited.depthGlobal().isPresent() ? parseLimited(limited.wasm()) : original;
            return new LoadedModule(module, machines(module, mode), DeclaredMemory.of(module), exportedGlobals(module),
                    limited.depthGlobal(), limited.tailCallsCounted());
        } catch (StackOverflowError e) {
            // Chicory's compiler does not recurse on nesting either (tried up to a million nested blocks).
            throw ModuleRules.nestedTooDeeply(e);
        }
    }

    private static WasmModule parseLimited(byte[] limited) throws InvalidModuleException {
        try {
            return Parser.parse(limited);
        } catch (RuntimeException e) {
            // Only a module at one of Chicory's own limits gets here (one local or one global too many).
            String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new InvalidModuleException("the module is valid but cannot be given its call depth limit: " + what, e);
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
        return ModuleRules.exportsByName(module).values().stream()
                .filter(export -> export.exportType() == ExternalType.GLOBAL)
                .collect(Collectors.toUnmodifiableMap(Export::name, Export::index));
    }
}
