package liop.engine.chicory.runtime;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Reads the final values of the exported integer globals a sandbox asked for. */
final class ReportedGlobals {

    private ReportedGlobals() {}

    /**
     * @return the value of each wanted global that the module exports as an i32 (sign-extended) or
     *     an i64; names it does not export, or exports with another type, are left out
     */
    static Map<String, Long> read(Instance instance, Map<String, Integer> exported, Set<String> wanted) {
        Map<String, Long> values = new HashMap<>();
        for (String name : wanted) {
            Integer index = exported.get(name);
            if (index == null) {
                continue;
            }
            GlobalInstance global = instance.global(index);
            if (global == null) {
                continue; // instantiation failed before the globals were created
            }
            long type = global.getType().id();
            if (type == ValType.I32.id()) {
                values.put(name, (long) (int) global.getValue());
            } else if (type == ValType.I64.id()) {
                values.put(name, global.getValue());
            }
        }
        return values;
    }
}
