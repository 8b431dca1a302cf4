package liop.api.node;

import java.util.List;

/**
 * A dataset the node holds.
 *
 * @param name the name capabilities use
 * @param description what it is, for the agent developer
 * @param fields the field names a request may declare
 * @param recordCount how many records it has
 * @param dictionary what each field is, in the order of {@code fields}
 */
public record DatasetDescription(String name, String description, List<String> fields, long recordCount, List<FieldDescription> dictionary) {
    public DatasetDescription {
        fields = List.copyOf(fields);
        dictionary = List.copyOf(dictionary);
    }

    /** A dataset described without a dictionary. */
    public DatasetDescription(String name, String description, List<String> fields, long recordCount) {
        this(name, description, fields, recordCount, List.of());
    }
}
