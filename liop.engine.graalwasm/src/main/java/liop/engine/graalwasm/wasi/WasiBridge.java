package liop.engine.graalwasm.wasi;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import liop.engine.support.wasi.SandboxWasi;
import liop.engine.support.wasi.WasiFunctions;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * Gives a GraalWasm instance the WASI preview1 functions the Chicory engine gives its guests:
 * Chicory's {@code WasiPreview1} behind LIOP's guards and confined read-only preopens (see
 * {@link SandboxWasi}), as host functions in the instance's import object.
 *
 * <p>GraalWasm's own WASI module is not used: it cannot be denied the clock, reads random bytes from
 * a non-cryptographic generator, and answers differently from Chicory's in many corners. With the
 * same functions behind both engines, a guest sees the same files, errors and bytes on either.
 *
 * <p>Chicory's functions take a Chicory {@link Instance} and use nothing of it but its memory. The
 * bridge gives them one: an instance of an empty module that imports the GraalWasm instance's
 * memory, seen through {@link GuestMemory}. It is made once the guest is instantiated (its memory
 * exists only then) and before any guest code runs.
 */
public final class WasiBridge {

    /** {@code (module (import "liop" "memory" (memory 0)))} */
    private static final WasmModule IMPORTS_MEMORY = Parser.parse(new byte[] {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x02, 0x10, 0x01, 0x04, 'l', 'i', 'o', 'p', 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00, 0x00});

    /** {@code (module)}, for guests without memory: WASI functions then see none, as in Chicory. */
    private static final WasmModule NO_MEMORY = Parser.parse(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});

    private final HostFunction[] functions;
    private volatile Instance chicoryInstance;

    /** @param functions the guarded WASI functions of one run */
    public WasiBridge(HostFunction[] functions) {
        this.functions = functions.clone();
    }

    /** The import object to instantiate the guest with. */
    public Object importObject() {
        Map<String, Object> members = new HashMap<>();
        for (HostFunction function : functions) {
            members.put(function.name(), hostFunction(function));
        }
        return ProxyObject.fromMap(Map.of(WasiFunctions.MODULE, ProxyObject.fromMap(members)));
    }

    /**
     * Connects the functions to the instantiated guest's memory.
     *
     * @param memory the guest's exported memory 0, or empty if it has none
     */
    public void connect(Optional<Value> memory) {
        WasmModule module = memory.isPresent() ? IMPORTS_MEMORY : NO_MEMORY;
        ImportValues.Builder imports = ImportValues.builder();
        memory.ifPresent(buffer -> imports.addMemory(new ImportMemory("liop", "memory", new GuestMemory(buffer))));
        chicoryInstance = Instance.builder(module).withImportValues(imports.build()).withStart(false).build();
    }

    /**
     * One WASI function as GraalWasm calls it: integer arguments in, the errno (or nothing) out.
     * Exceptions (a trap in a WASI function, {@code proc_exit}) travel to the guest's caller as
     * host exceptions.
     */
    private ProxyExecutable hostFunction(HostFunction function) {
        List<ValType> returns = function.functionType().returns();
        ValType result = returns.isEmpty() ? null : returns.get(0);
        return arguments -> {
            Instance instance = chicoryInstance;
            if (instance == null) {
                throw new IllegalStateException("WASI function " + function.name() + " called before the guest was instantiated");
            }
            long[] args = new long[arguments.length];
            for (int i = 0; i < arguments.length; i++) {
                args[i] = arguments[i].asLong();
            }
            long[] results = function.handle().apply(instance, args);
            if (result == null) {
                return null;
            }
            return result.equals(ValType.I64) ? (Object) results[0] : (Object) (int) results[0];
        };
    }
}
