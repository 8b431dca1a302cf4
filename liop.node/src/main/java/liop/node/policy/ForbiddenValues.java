package liop.node.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values of forbidden fields in the records a module saw, in the forms they could leave in:
 * as written, normalized ({@code 123 45 6789}), reversed. Long enough values are searched for
 * inside any text; shorter ones (one-letter codes, small numbers) would match everywhere, so they
 * only match a whole value.
 */
public final class ForbiddenValues {

    public static final ForbiddenValues NONE = new ForbiddenValues(Map.of(), Set.of(), 4);

    private final Map<String, String> fieldOf; // normalized form -> the field it came from
    private final Set<String> wholeOnly;
    private final SubstringSet anywhere;
    private final int minSearchLength;

    private ForbiddenValues(Map<String, String> fieldOf, Set<String> wholeOnly, int minSearchLength) {
        this.fieldOf = fieldOf;
        this.wholeOnly = wholeOnly;
        this.minSearchLength = minSearchLength;
        this.anywhere = new SubstringSet(fieldOf.keySet().stream().filter(v -> !wholeOnly.contains(v)).toList());
    }

    /**
     * @param records the records as the module received them
     * @param forbiddenFields the fields whose values may not leave
     * @param minSearchLength normalized values shorter than this match only as a whole value
     */
    public static ForbiddenValues of(Collection<ObjectNode> records, Collection<String> forbiddenFields, int minSearchLength) {
        if (forbiddenFields.isEmpty() || records.isEmpty()) {
            return NONE;
        }
        Map<String, String> fieldOf = new HashMap<>();
        Set<String> wholeOnly = new HashSet<>();
        for (ObjectNode record : records) {
            for (String field : forbiddenFields) {
                JsonNode value = record.get(field);
                if (value == null || value.isNull() || value.isContainerNode()) {
                    continue;
                }
                String normalized = Normalized.of(value.asText());
                if (normalized.isEmpty()) {
                    continue;
                }
                fieldOf.putIfAbsent(normalized, field);
                if (normalized.length() < minSearchLength) {
                    wholeOnly.add(normalized);
                } else {
                    fieldOf.putIfAbsent(Normalized.reversed(normalized), field);
                }
            }
        }
        return new ForbiddenValues(fieldOf, wholeOnly, minSearchLength);
    }

    public boolean isEmpty() {
        return fieldOf.isEmpty();
    }

    /** The field whose value {@code text} carries, if any. */
    Optional<String> fieldIn(String text) {
        if (fieldOf.isEmpty()) {
            return Optional.empty();
        }
        String normalized = Normalized.of(text);
        if (wholeOnly.contains(normalized)) {
            return Optional.of(fieldOf.get(normalized));
        }
        if (normalized.length() < minSearchLength) {
            return Optional.empty();
        }
        return anywhere.findIn(normalized).map(fieldOf::get);
    }

    List<String> fields() {
        return fieldOf.values().stream().distinct().sorted().toList();
    }
}
