package liop.api.node;

import java.util.List;

/**
 * A dataset the node holds.
 *
 * @param name the name capabilities use
 * @param description what it is, for the agent developer
 * @param fields the field names a request may declare
 * @param recordCount how many records it has
 */
public record DatasetDescription(String name, String description, List<String> fields, long recordCount) {
    public DatasetDescription {
        fields = List.copyOf(fields);
    }
}
