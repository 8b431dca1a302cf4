package liop.node.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each field of a dataset is: its type, description, classification and sensitivity.
 * Inferred from the records and the field names, then overridden by what the operator declared;
 * {@code liop:dictionary NAME} prints it as JSON for the operator to save, edit and declare.
 */
public final class DataDictionary {

    /** Names that identify a person on their own: never let them out. */
    private static final Set<String> FORBIDDEN_NAMES = Set.of("ssn", "socialsecurity", "socialsecuritynumber", "passport",
            "passportnumber", "creditcard", "cardnumber", "iban", "email", "emailaddress", "phone", "phonenumber", "mobile",
            "name", "fullname", "firstname", "lastname", "surname", "address", "street", "streetaddress", "mrn",
            "medicalrecordnumber", "driverslicense", "taxid", "nationalid", "ipaddress", "password");
    /** Quasi-identifiers: harmless alone, identifying together. */
    private static final Set<String> SENSITIVE_NAMES = Set.of("zip", "zipcode", "postcode", "postalcode", "dob", "birthdate",
            "dateofbirth", "birthday", "admitted", "admissiondate", "dischargedate", "city", "ethnicity", "religion");

    private final Map<String, FieldInfo> fields;

    private DataDictionary(Map<String, FieldInfo> fields) {
        this.fields = fields;
    }

    /**
     * @param fieldNames the fields of the dataset, in order
     * @param records its records, to infer types and numeric ranges
     * @param declared what the operator declared; wins over inference, field by field
     */
    public static DataDictionary infer(List<String> fieldNames, List<ObjectNode> records, Map<String, FieldInfo> declared) {
        Map<String, FieldInfo> fields = new LinkedHashMap<>();
        for (String name : fieldNames) {
            FieldInfo inferred = inferField(name, records);
            FieldInfo given = declared.get(name);
            fields.put(name, given == null ? inferred : merge(given, inferred));
        }
        return new DataDictionary(fields);
    }

    public List<FieldInfo> fields() {
        return new ArrayList<>(fields.values());
    }

    public Optional<FieldInfo> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    public Classification classification(String name) {
        return field(name).map(FieldInfo::classification).orElse(Classification.PUBLIC);
    }

    public List<String> withClassification(Classification classification) {
        return fields.values().stream().filter(f -> f.classification() == classification).map(FieldInfo::name).toList();
    }

    private static FieldInfo merge(FieldInfo given, FieldInfo inferred) {
        String type = given.type().isEmpty() ? inferred.type() : given.type();
        String description = given.description().isEmpty() ? inferred.description() : given.description();
        double sensitivity = given.sensitivity() > 0 ? given.sensitivity() : inferred.sensitivity();
        return new FieldInfo(given.name(), type, description, given.classification(), sensitivity, true);
    }

    private static FieldInfo inferField(String name, List<ObjectNode> records) {
        String type = null;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (ObjectNode record : records) {
            JsonNode value = record.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            String kind = typeOf(value);
            type = type == null ? kind : merge(type, kind);
            if (value.isNumber()) {
                min = Math.min(min, value.doubleValue());
                max = Math.max(max, value.doubleValue());
            }
        }
        // A sum moves by at most the widest value one record can bring: inferred from the data
        // seen, which the operator should replace by the field's true bound in the dictionary.
        double sensitivity = min <= max ? Math.max(Math.abs(min), Math.abs(max)) : 0;
        return new FieldInfo(name, type == null ? "null" : type, "", classify(name), sensitivity, false);
    }

    private static String typeOf(JsonNode value) {
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isArray() ? "array" : "object";
    }

    private static String merge(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if ((a.equals("integer") && b.equals("number")) || (a.equals("number") && b.equals("integer"))) {
            return "number";
        }
        return "mixed";
    }

    /** Classification by the field's name alone; the operator's declaration overrides it. */
    static Classification classify(String name) {
        String normalized = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (FORBIDDEN_NAMES.contains(normalized)) {
            return Classification.FORBIDDEN;
        }
        if (SENSITIVE_NAMES.contains(normalized)) {
            return Classification.SENSITIVE;
        }
        return Classification.PUBLIC;
    }
}
