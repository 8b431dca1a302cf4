package liop.engine.chicory.runtime;

import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import liop.engine.support.run.ModuleRules;

/**
 * Creates an instance's tables from private copies of the module's table limits, capped.
 *
 * <p>Two reasons. Chicory's {@code table.grow} records the new size in the limits object it was
 * given, which belongs to the shared, cached module: without a copy, one run's growth would become
 * the next run's initial size. And tables live on the host heap with no other bound (Chicory allows
 * ten million entries), so they get a fixed cap of {@value ModuleRules#TABLE_MAX_ENTRIES} entries;
 * {@code table.grow} past it returns -1.
 */
final class CappedTables {

    private CappedTables() {}

    static TableInstance create(Table declared, int initialValue) {
        TableLimits limits = declared.limits();
        TableLimits own = new TableLimits(limits.min(), Math.min(limits.max(), ModuleRules.TABLE_MAX_ENTRIES), limits.shared());
        return new TableInstance(new Table(declared.elementType(), own, declared.initialize()), initialValue);
    }
}
