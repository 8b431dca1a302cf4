package liop.engine.chicory.runtime;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import liop.engine.support.run.DeclaredMemory;

/**
 * A parsed, validated and (in compiler mode) compiled module: everything about it that does not
 * change from one run to the next. Immutable and shared by every run.
 *
 * @param module Chicory's parse of the module, as rewritten to limit its call depth
 * @param machines creates the machine that executes an instance: compiled classes or the interpreter
 * @param memory the linear memory the module declares
 * @param exportedGlobals index of each exported global, by export name
 * @param depthGlobal index of the global in which the module counts its call depth; empty when
 *     none of its functions can nest deep enough to need counting
 * @param tailCallsCounted whether the module's tail calls were made plain calls, counted as such
 */
public record LoadedModule(
        WasmModule module,
        Function<Instance, Machine> machines,
        DeclaredMemory memory,
        Map<String, Integer> exportedGlobals,
        OptionalInt depthGlobal,
        boolean tailCallsCounted) {}
