package liop.node.policy;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds whether a text contains any of a set of strings, in one pass over the text (an Aho-Corasick
 * automaton: each character is one map lookup, whatever the number of strings). Built once per
 * execution from the values the module saw; immutable and thread-safe once built.
 */
final class SubstringSet {

    private static final class State {
        final Map<Character, State> next = new HashMap<>();
        State fail;
        String match; // a whole pattern ends here (or, through fail links, a suffix of one)
    }

    private final State root = new State();
    private final boolean empty;

    SubstringSet(Collection<String> patterns) {
        boolean any = false;
        for (String pattern : patterns) {
            if (pattern.isEmpty()) {
                continue;
            }
            any = true;
            State state = root;
            for (int i = 0; i < pattern.length(); i++) {
                state = state.next.computeIfAbsent(pattern.charAt(i), c -> new State());
            }
            state.match = pattern;
        }
        empty = !any;
        linkFailures();
    }

    private void linkFailures() {
        ArrayDeque<State> queue = new ArrayDeque<>();
        for (State child : root.next.values()) {
            child.fail = root;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            State state = queue.poll();
            for (Map.Entry<Character, State> edge : state.next.entrySet()) {
                State child = edge.getValue();
                State fallback = state.fail;
                while (fallback != null && !fallback.next.containsKey(edge.getKey())) {
                    fallback = fallback.fail;
                }
                child.fail = fallback == null ? root : fallback.next.get(edge.getKey());
                if (child.match == null && child.fail.match != null) {
                    child.match = child.fail.match;
                }
                queue.add(child);
            }
        }
    }

    boolean isEmpty() {
        return empty;
    }

    /** The first pattern found in {@code text}, scanning it once. */
    Optional<String> findIn(CharSequence text) {
        if (empty) {
            return Optional.empty();
        }
        State state = root;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            while (state != root && !state.next.containsKey(c)) {
                state = state.fail;
            }
            state = state.next.getOrDefault(c, root);
            if (state.match != null) {
                return Optional.of(state.match);
            }
        }
        return Optional.empty();
    }
}
