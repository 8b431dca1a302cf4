package liop.api.node;

import java.util.Objects;

/**
 * One field of a dataset, as its data dictionary describes it.
 *
 * @param name the name requests declare
 * @param type the JSON type of its values: string, number, integer, boolean, object, array, mixed
 * @param description what it means
 * @param classification {@code forbidden} (its values never leave), {@code sensitive} (they leave
 *     only as aggregates) or {@code public}
 */
public record FieldDescription(String name, String type, String description, String classification) {
    public FieldDescription {
        Objects.requireNonNull(name, "name");
        type = type == null ? "" : type;
        description = description == null ? "" : description;
        Objects.requireNonNull(classification, "classification");
    }
}
