package liop.engine.support.wasi;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The WASI preview1 functions a guest may import: Chicory's, by name, with their types. */
public final class WasiFunctions {

    /** The module a guest imports them from. */
    public static final String MODULE = "wasi_snapshot_preview1";

    private static final Map<String, FunctionType> TYPES = types();

    private WasiFunctions() {}

    /** Whether {@code name} is a WASI function a guest may import. */
    public static boolean provides(String name) {
        return TYPES.containsKey(name);
    }

    /** The type of the WASI function {@code name}, if there is one. */
    public static Optional<FunctionType> type(String name) {
        return Optional.ofNullable(TYPES.get(name));
    }

    private static Map<String, FunctionType> types() {
        try (WasiPreview1 wasi = WasiPreview1.builder().withLogger(SilentLogger.INSTANCE).build()) {
            return Arrays.stream(wasi.toHostFunctions())
                    .collect(Collectors.toUnmodifiableMap(HostFunction::name, HostFunction::functionType, (first, same) -> first));
        }
    }
}
