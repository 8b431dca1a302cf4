package liop.engine.chicory.runtime;

import java.util.Locale;
import java.util.Map;

/**
 * Words for traps that read the same whichever Chicory machine raised them. The interpreter and the
 * compiler share most messages; the few that differ, or say too little, are rewritten here.
 */
final class Traps {

    static final String STACK_EXHAUSTED = "call stack exhausted (stack overflow: recursion too deep)";

    private static final Map<String, String> REWRITES = Map.of(
            "trapped on unreachable instruction", "unreachable instruction executed",
            "call stack exhausted", STACK_EXHAUSTED);

    private Traps() {}

    static String describe(Throwable trap) {
        String message = trap.getMessage();
        if (message == null || message.isBlank()) {
            return trap.getClass().getSimpleName();
        }
        return REWRITES.getOrDefault(message.strip().toLowerCase(Locale.ROOT), message.strip());
    }
}
