package liop.node.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import liop.node.privacy.SecureNoise;

/**
 * Adds Laplace noise to every number of an output, so that the output is epsilon-differentially
 * private for the records the module read. The query's epsilon is split evenly over the numbers it
 * releases (sequential composition); each number's sensitivity comes from its key (see
 * {@link NumberRole}). Counts stay integers and never go below zero, averages and sums are rounded
 * to two decimals: both are post-processing, which cannot weaken the guarantee.
 */
public final class PrivacyRelease {

    private final SecureNoise noise;

    public PrivacyRelease(SecureNoise noise) {
        this.noise = noise;
    }

    /**
     * @param output the module's output; a noisy copy is returned, the original left as it was
     * @param epsilon the query's privacy loss, split over the numbers
     * @param records how many records the module read
     * @param sensitivityOf a field's sensitivity (how much one record moves a sum of it)
     */
    public JsonNode release(JsonNode output, double epsilon, long records, ToDoubleFunction<String> sensitivityOf) {
        JsonNode copy = output.deepCopy();
        List<Slot> numbers = new ArrayList<>();
        collect(copy, null, numbers);
        if (numbers.isEmpty()) {
            return copy;
        }
        double share = epsilon / numbers.size();
        for (Slot slot : numbers) {
            slot.set(noisy(slot, share, Math.max(records, 1), sensitivityOf));
        }
        return copy;
    }

    private JsonNode noisy(Slot slot, double epsilon, long records, ToDoubleFunction<String> sensitivityOf) {
        NumberRole role = NumberRole.of(slot.key());
        JsonNode value = slot.value();
        if (role.isCount() && value.canConvertToLong()) {
            return com.fasterxml.jackson.databind.node.LongNode.valueOf(Math.max(0, noise.noisyInteger(value.longValue(), 1, epsilon)));
        }
        double fieldSensitivity = Math.max(sensitivityOf.applyAsDouble(role.field()), Double.MIN_NORMAL);
        double sensitivity = role.kind() == NumberRole.Kind.AVERAGE ? fieldSensitivity / records : fieldSensitivity;
        double released = noise.noisyReal(value.doubleValue(), sensitivity, epsilon);
        return com.fasterxml.jackson.databind.node.DecimalNode.valueOf(new BigDecimal(released).setScale(2, RoundingMode.HALF_EVEN));
    }

    /** Where a number sits: the container and its key or index, and the key that names it. */
    private record Slot(JsonNode container, String key, int index, JsonNode value) {
        void set(JsonNode replacement) {
            if (container instanceof ObjectNode object) {
                object.set(key, replacement);
            } else {
                ((ArrayNode) container).set(index, replacement);
            }
        }
    }

    private static void collect(JsonNode node, String enclosingKey, List<Slot> numbers) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isNumber()) {
                    numbers.add(new Slot(node, field.getKey(), -1, field.getValue()));
                } else {
                    collect(field.getValue(), field.getKey(), numbers);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (element.isNumber()) {
                    // An array of numbers is named by the key holding it: "ages": [..] are sums of age.
                    numbers.add(new Slot(node, enclosingKey == null ? "" : enclosingKey, i, element));
                } else {
                    collect(element, enclosingKey, numbers);
                }
            }
        }
    }
}
