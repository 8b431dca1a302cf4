package liop.engine.chicory;

import liop.api.engine.WasmEngine;
import liop.engine.support.conformance.CapabilityConformance;

/** The capability cases every engine passes, on Chicory in its default (compiler) mode. */
class CapabilityTest extends CapabilityConformance {

    @Override
    protected WasmEngine engine() {
        return Guests.engine(ExecutionMode.COMPILER);
    }
}
