package liop.node.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Aggregation first: where a dataset requires it, an output may carry groups, not records.
 *
 * <ul>
 *   <li>An object that carries a value of a field the module read (a group label such as
 *       {@code "condition": "asthma"}) must state its group's size with a count, and that count must
 *       be at least k (or 0): a row copied from a record has no count, a group of 2 is too small.
 *   <li>An array of field values (strings as they stand in the records) is a column copied out of
 *       the records, not an aggregate.
 * </ul>
 */
public final class AggregationCheck {

    private AggregationCheck() {}

    /**
     * @param output the module's output
     * @param records the records the module read
     * @param fields the fields it read
     * @param minGroupSize k
     */
    public static Optional<Denial> check(JsonNode output, Collection<ObjectNode> records, Collection<String> fields, int minGroupSize) {
        Set<String> values = new HashSet<>();
        for (ObjectNode record : records) {
            for (String field : fields) {
                JsonNode value = record.get(field);
                if (value != null && value.isValueNode() && !value.isNull()) {
                    values.add(field + "\u0000" + value.asText());
                }
            }
        }
        ArrayDeque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
        pending.push(Map.entry("$", output));
        while (!pending.isEmpty()) {
            Map.Entry<String, JsonNode> next = pending.pop();
            String path = next.getKey();
            JsonNode node = next.getValue();
            if (node.isObject()) {
                Optional<Denial> denial = checkGroup(node, path, values, fields, minGroupSize);
                if (denial.isPresent()) {
                    return denial;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    pending.push(Map.entry(path + "." + field.getKey(), field.getValue()));
                }
            } else if (node.isArray()) {
                Optional<Denial> denial = checkColumn(node, path, values, fields);
                if (denial.isPresent()) {
                    return denial;
                }
                for (int i = node.size() - 1; i >= 0; i--) {
                    pending.push(Map.entry(path + "[" + i + "]", node.get(i)));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Denial> checkGroup(JsonNode object, String path, Set<String> values, Collection<String> fields, int k) {
        boolean labelled = false;
        Long count = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isValueNode() && fields.contains(field.getKey()) && values.contains(field.getKey() + "\u0000" + value.asText())) {
                labelled = true;
            }
            if (value.canConvertToLong() && value.isIntegralNumber() && NumberRole.of(field.getKey()).isCount()) {
                count = count == null ? value.longValue() : Math.min(count, value.longValue());
            }
        }
        if (!labelled) {
            return Optional.empty();
        }
        if (count == null) {
            return Optional.of(new Denial("aggregation.required", path, "output blocked: the object at " + path
                    + " carries record values but no group count, like a record copied out (rule aggregation.required); return groups with their counts"));
        }
        if (count > 0 && count < k) {
            return Optional.of(new Denial("aggregation.k", path, "output blocked: the group at " + path + " has " + count
                    + " members, fewer than the " + k + " this dataset requires (rule aggregation.k); merge small groups or leave them out"));
        }
        return Optional.empty();
    }

    private static Optional<Denial> checkColumn(JsonNode array, String path, Set<String> values, Collection<String> fields) {
        if (array.size() < 2) {
            return Optional.empty();
        }
        for (String field : fields) {
            boolean all = true;
            for (JsonNode element : array) {
                if (!element.isTextual() || !values.contains(field + "\u0000" + element.textValue())) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return Optional.of(new Denial("aggregation.required", path, "output blocked: the array at " + path + " lists values of field "
                        + field + " as they stand in the records (rule aggregation.required); return counts per value instead"));
            }
        }
        return Optional.empty();
    }
}
