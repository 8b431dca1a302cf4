package liop.engine.graalwasm.runtime;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import liop.engine.support.run.RunEnding;
import liop.engine.support.run.Traps;
import org.graalvm.polyglot.PolyglotException;

/**
 * How a run ended that GraalWasm ended by throwing, in the words both engines use ({@link
 * RunEnding}, {@link Traps}): GraalWasm's own trap messages are reduced to the names Chicory gives
 * the same traps ({@code out of bounds memory access}, not {@code 4-byte memory access at address
 * 0x... is out-of-bounds}).
 */
final class GraalWasmEndings {

    /** What GraalWasm says when the guest's calls overflow the thread's stack. */
    private static final String STACK_OVERFLOW = "call stack exhausted";

    /** GraalWasm's trap messages (25.0), by the name Chicory gives the same trap. */
    private static final List<Map.Entry<Pattern, String>> TRAPS = List.of(
            Map.entry(Pattern.compile("unreachable"), "unreachable instruction executed"),
            Map.entry(Pattern.compile("\\d+-byte memory access at address .* is out-of-bounds .*"), "out of bounds memory access"),
            Map.entry(Pattern.compile("out of bounds table access.*"), "out of bounds table access"),
            Map.entry(Pattern.compile("Actual .* and expected .* types differ in the indirect call\\."), "indirect call type mismatch"),
            Map.entry(Pattern.compile("Element index '\\d+' out of table bounds\\."), "undefined element"),
            Map.entry(Pattern.compile("Table element at index \\d+ is uninitialized\\."), "uninitialized element"));

    private GraalWasmEndings() {}

    /** Classifies whatever ended the guest by throwing out of GraalWasm during {@code phase}. */
    static RunEnding thrown(RunEnding.Phase phase, PolyglotException e) {
        if (e.isHostException()) {
            return RunEnding.thrown(phase, e.asHostException());
        }
        if (e.isInterrupted() || e.isCancelled()) {
            return RunEnding.interrupted();
        }
        if (e.isExit()) {
            return RunEnding.exited(e.getExitStatus());
        }
        if (e.getMessage() != null && e.getMessage().strip().equals(STACK_OVERFLOW)) {
            return RunEnding.trap(phase, Traps.STACK_EXHAUSTED);
        }
        if (e.isResourceExhausted()) {
            return RunEnding.hostOutOfHeap();
        }
        return RunEnding.trap(phase, describe(e.getMessage()));
    }

    /** A trap GraalWasm raised in guest code. */
    private static String describe(String message) {
        if (message == null || message.isBlank()) {
            return "trap";
        }
        String stripped = message.strip();
        for (Map.Entry<Pattern, String> known : TRAPS) {
            if (known.getKey().matcher(stripped).matches()) {
                return known.getValue();
            }
        }
        return Traps.describe(stripped);
    }
}
