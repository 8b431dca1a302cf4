package liop.engine.graalwasm.runtime;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import liop.engine.chicory.runtime.CallStack;

/**
 * Words for traps, the same as the Chicory engine's: GraalWasm's own messages are reduced to the
 * names Chicory uses ({@code out of bounds memory access}, not {@code 4-byte memory access at address
 * 0x... is out-of-bounds}), and Chicory's messages (from the WASI functions both engines share) are
 * reduced as the Chicory engine reduces them.
 */
final class Traps {

    static final String STACK_EXHAUSTED = "call stack exhausted (stack overflow: recursion too deep): at most "
            + CallStack.MAX_DEPTH + " calls may nest, fewer of functions with large frames";

    /** GraalWasm's trap messages (25.0), by the name Chicory gives the same trap. */
    private static final List<Map.Entry<Pattern, String>> GRAALWASM = List.of(
            Map.entry(Pattern.compile("unreachable"), "unreachable instruction executed"),
            Map.entry(Pattern.compile("\\d+-byte memory access at address .* is out-of-bounds .*"), "out of bounds memory access"),
            Map.entry(Pattern.compile("out of bounds table access.*"), "out of bounds table access"),
            Map.entry(Pattern.compile("Actual .* and expected .* types differ in the indirect call\\."), "indirect call type mismatch"),
            Map.entry(Pattern.compile("Element index '\\d+' out of table bounds\\."), "undefined element"),
            Map.entry(Pattern.compile("Table element at index \\d+ is uninitialized\\."), "uninitialized element"),
            Map.entry(Pattern.compile("call stack exhausted"), STACK_EXHAUSTED));

    /** As in the Chicory engine. */
    private static final Map<String, String> CHICORY_REWRITES = Map.of(
            "trapped on unreachable instruction", "unreachable instruction executed",
            "call stack exhausted", STACK_EXHAUSTED);

    /** As in the Chicory engine: both engines say these the same way but for details after the name. */
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

    /** A trap GraalWasm raised in guest code. */
    static String describeGuest(String message) {
        if (message == null || message.isBlank()) {
            return "trap";
        }
        String stripped = message.strip();
        for (Map.Entry<Pattern, String> known : GRAALWASM) {
            if (known.getKey().matcher(stripped).matches()) {
                return known.getValue();
            }
        }
        return describe(stripped);
    }

    /** An exception thrown on the host side, by a WASI function, as the Chicory engine words it. */
    static String describeHost(Throwable trap) {
        String message = trap.getMessage();
        if (message == null || message.isBlank()) {
            return trap.getClass().getSimpleName();
        }
        return describe(message.strip());
    }

    static boolean isStackExhausted(String message) {
        return message != null && message.strip().equals("call stack exhausted");
    }

    private static String describe(String message) {
        String key = message.toLowerCase(Locale.ROOT);
        String rewritten = CHICORY_REWRITES.get(key);
        if (rewritten != null) {
            return rewritten;
        }
        return KNOWN.stream().filter(key::startsWith).findFirst().orElse(message);
    }
}
