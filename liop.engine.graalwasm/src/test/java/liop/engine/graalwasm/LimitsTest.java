package liop.engine.graalwasm;

import liop.api.engine.WasmEngine;
import liop.engine.support.conformance.LimitsConformance;

/** The limits every engine holds, on GraalWasm. */
class LimitsTest extends LimitsConformance {

    @Override
    protected WasmEngine engine() {
        return Guests.engine();
    }

    @Override
    protected int deadlineMillis() {
        return 200;
    }
}
