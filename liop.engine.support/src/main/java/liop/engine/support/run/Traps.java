package liop.engine.support.run;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import liop.engine.support.depth.CallStack;

/**
 * Words for traps that read the same whichever machine raised them. Chicory's interpreter and
 * compiler share most messages, but not all details (one adds the faulting address to an
 * out-of-bounds access, the other does not), and GraalWasm words everything its own way: known
 * traps are reduced to the names Chicory gives them. (The GraalWasm engine first maps its own
 * messages to those names.)
 */
public final class Traps {

    public static final String STACK_EXHAUSTED = "call stack exhausted (stack overflow: recursion too deep): at most "
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

    /** What {@code trap}, thrown by Chicory or a WASI function, says, in the words both engines use. */
    public static String describe(Throwable trap) {
        String message = trap.getMessage();
        if (message == null || message.isBlank()) {
            return trap.getClass().getSimpleName();
        }
        return describe(message);
    }

    /** A trap's message in the words both engines use: a known trap by its name, anything else as it is. */
    public static String describe(String message) {
        String stripped = message.strip();
        String key = stripped.toLowerCase(Locale.ROOT);
        String rewritten = REWRITES.get(key);
        if (rewritten != null) {
            return rewritten;
        }
        return KNOWN.stream().filter(key::startsWith).findFirst().orElse(stripped);
    }
}
