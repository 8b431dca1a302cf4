package liop.engine.chicory;

import liop.api.engine.WasmEngine;
import liop.engine.support.conformance.LimitsConformance;
import org.junit.jupiter.api.Nested;

/** The limits every engine holds, on Chicory in compiler mode, and in interpreter mode in {@link InInterpreterMode}. */
class LimitsTest extends LimitsConformance {

    @Override
    protected WasmEngine engine() {
        return Guests.engine(ExecutionMode.COMPILER);
    }

    @Override
    protected int deadlineMillis() {
        return 100;
    }

    @Nested
    class InInterpreterMode extends LimitsConformance {

        @Override
        protected WasmEngine engine() {
            return Guests.engine(ExecutionMode.INTERPRETER);
        }

        @Override
        protected int deadlineMillis() {
            return 100;
        }
    }
}
