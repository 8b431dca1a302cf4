package liop.engine.chicory.runtime;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Words for traps that read the same whichever Chicory machine raised them. The interpreter and the
 * compiler share most messages, but not all details (one adds the faulting address to an
 * out-of-bounds access, the other does not): known traps are reduced to their name.
 */
final class Traps {

    static final String STACK_EXHAUSTED = "call stack exhausted (stack overflow: recursion too deep): at most "
            + CallStack.MAX_DEPTH + " calls may nest, fewer of functions with large frames";

    private static final Map<String, String> REWRITES = Map.of(
            "trapped on unreachable instruction", "unreachable instruction executed",
            "call stack exhausted", STACK_EXHAUSTED);

    private static final List<String> KNOWN = List.of(
            "out of bounds memory access",
            "out of bounds table access",
            "integer divide by zero",
            "integer overflow",
            "invalid conversion to integer",
            "indirect call type mismatch",
            "undefined element",
            "uninitialized element");

    private Traps() {}

    static String describe(Throwable trap) {
        String message = trap.getMessage();
        if (message == null || message.isBlank()) {
            return trap.getClass().getSimpleName();
        }
        String key = message.strip().toLowerCase(Locale.ROOT);
        String rewritten = REWRITES.get(key);
        if (rewritten != null) {
            return rewritten;
        }
        return KNOWN.stream().filter(key::startsWith).findFirst().orElse(message.strip());
    }
}
