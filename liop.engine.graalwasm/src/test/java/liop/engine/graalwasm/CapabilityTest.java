package liop.engine.graalwasm;

import liop.api.engine.WasmEngine;
import liop.engine.support.conformance.CapabilityConformance;

/**
 * The capability cases every engine passes, on GraalWasm: clocks, randomness and sockets answer
 * ENOTCAPABLE unless granted, although GraalWasm's own WASI could not deny them.
 */
class CapabilityTest extends CapabilityConformance {

    @Override
    protected WasmEngine engine() {
        return Guests.engine();
    }
}
