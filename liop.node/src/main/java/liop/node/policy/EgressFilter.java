package liop.node.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an output before it leaves the node, in one pass over it: no key may name a forbidden field
 * (at any depth, in objects inside arrays inside objects), and no key, string or number may carry a
 * value of a forbidden field from the records the module saw — as written, reformatted, reversed,
 * or base64/hex encoded inside a longer string. The first violation blocks the whole output: an
 * output is let out whole or not at all.
 */
public final class EgressFilter {

    /**
     * @param forbiddenKeys normalized forbidden names (see {@link Normalized#of})
     * @param keyMatch how keys are compared with them
     */
    public record Rules(Set<String> forbiddenKeys, KeyMatch keyMatch) {
        public static final Rules NONE = new Rules(Set.of(), KeyMatch.WORDS);

        public Rules {
            forbiddenKeys = forbiddenKeys.stream().map(Normalized::of).filter(k -> !k.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet());
        }
    }

    private EgressFilter() {}

    public static Optional<Denial> check(JsonNode output, Rules rules, ForbiddenValues values) {
        ArrayDeque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
        pending.push(Map.entry("$", output));
        while (!pending.isEmpty()) {
            Map.Entry<String, JsonNode> next = pending.pop();
            String path = next.getKey();
            JsonNode node = next.getValue();
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    String fieldPath = path + "." + field.getKey();
                    Optional<Denial> denial = checkKey(field.getKey(), fieldPath, rules, values);
                    if (denial.isPresent()) {
                        return denial;
                    }
                    pending.push(Map.entry(fieldPath, field.getValue()));
                }
            } else if (node.isArray()) {
                for (int i = node.size() - 1; i >= 0; i--) {
                    pending.push(Map.entry(path + "[" + i + "]", node.get(i)));
                }
            } else if (node.isTextual() || node.isNumber()) {
                Optional<Denial> denial = checkValue(node.asText(), path, values);
                if (denial.isPresent()) {
                    return denial;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Denial> checkKey(String key, String path, Rules rules, ForbiddenValues values) {
        String forbidden = rules.keyMatch().match(key, rules.forbiddenKeys());
        if (forbidden != null) {
            return Optional.of(new Denial("egress.forbidden.keys", path,
                    "output blocked: the key at " + path + " names the forbidden field " + forbidden + " (rule egress.forbidden.keys); return aggregates without it"));
        }
        return values.fieldIn(key).map(field -> new Denial("egress.forbidden.values", path,
                "output blocked: the key at " + path + " carries a value of the forbidden field " + field + " (rule egress.forbidden.values)"));
    }

    private static Optional<Denial> checkValue(String text, String path, ForbiddenValues values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> field = values.fieldIn(text);
        if (field.isPresent()) {
            return Optional.of(valueDenial(path, field.get(), ""));
        }
        for (String decoded : EncodedText.decodedFrom(text)) {
            field = values.fieldIn(decoded);
            if (field.isPresent()) {
                return Optional.of(valueDenial(path, field.get(), " (encoded)"));
            }
        }
        return Optional.empty();
    }

    private static Denial valueDenial(String path, String field, String how) {
        return new Denial("egress.forbidden.values", path,
                "output blocked: the value at " + path + " carries a value of the forbidden field " + field + how
                        + " from the records the module read (rule egress.forbidden.values); forbidden values never leave the node, in any form");
    }
}
