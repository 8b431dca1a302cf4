package liop.node.data;

import java.util.Objects;

/**
 * One entry of a data dictionary.
 *
 * @param name the field's name in the records
 * @param type the JSON type of its values: string, number, integer, boolean, object, array, mixed
 * @param description what it means, for agent developers
 * @param classification forbidden, sensitive or public
 * @param sensitivity how much one record can move a sum of this field (differential privacy); 0
 *     when not numeric
 * @param declared whether the operator declared the entry, or it was inferred from the data
 */
public record FieldInfo(String name, String type, String description, Classification classification, double sensitivity, boolean declared) {
    public FieldInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
        Objects.requireNonNull(classification, "classification");
    }
}
