package liop.node.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A dataset held in memory: its records, and the fields that occur in them. Immutable; a reload
 * replaces the whole dataset, so requests in flight keep reading the version they started with.
 *
 * @param name the name capabilities use
 * @param description for the agent developer
 * @param source where it was loaded from, for operators
 * @param fields every field name that occurs, in first-seen order
 * @param records the records; never modified after loading
 * @param dictionary what each field is: type, classification, sensitivity
 */
public record Dataset(String name, String description, String source, List<String> fields, List<ObjectNode> records, DataDictionary dictionary) {

    public Dataset {
        fields = List.copyOf(fields);
        records = List.copyOf(records);
    }

    public boolean hasField(String field) {
        return fields.contains(field);
    }

    /** The closest existing field name, to suggest when a request names one that does not exist. */
    public Optional<String> closestField(String field) {
        return fields.stream()
                .filter(f -> editDistance(f.toLowerCase(), field.toLowerCase()) <= 2)
                .min((a, b) -> Integer.compare(editDistance(a, field), editDistance(b, field)));
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
