package liop.node.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The editable form of a data dictionary, a JSON file:
 *
 * <pre>{@code
 * {"fields": {
 *   "ssn": {"classification": "forbidden", "description": "social security number"},
 *   "age": {"classification": "public", "type": "integer", "sensitivity": 120, "description": "years"}
 * }}
 * }</pre>
 *
 * Fields it leaves out are inferred.
 */
public final class DictionaryFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DictionaryFile() {}

    public static Map<String, FieldInfo> read(Path file) throws DatasetException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new DatasetException("data dictionary " + file + " cannot be read: " + e.getMessage());
        }
        JsonNode fields = root == null ? null : root.get("fields");
        if (fields == null || !fields.isObject()) {
            throw new DatasetException("data dictionary " + file + " has no \"fields\" object; see liop:dictionary for the format");
        }
        Map<String, FieldInfo> declared = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode entry = e.getValue();
            try {
                declared.put(e.getKey(), new FieldInfo(e.getKey(), entry.path("type").asText(""), entry.path("description").asText(""),
                        Classification.parse(entry.path("classification").asText("public")), entry.path("sensitivity").asDouble(0), true));
            } catch (IllegalArgumentException bad) {
                throw new DatasetException("data dictionary " + file + ", field " + e.getKey() + ": " + bad.getMessage());
            }
        }
        return declared;
    }

    /** The dictionary in the file's format, ready to be saved and edited. */
    public static ObjectNode toJson(DataDictionary dictionary) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode fields = root.putObject("fields");
        for (FieldInfo f : dictionary.fields()) {
            ObjectNode entry = fields.putObject(f.name());
            entry.put("type", f.type());
            entry.put("classification", f.classification().wireName());
            entry.put("description", f.description());
            if (f.sensitivity() > 0) {
                entry.put("sensitivity", f.sensitivity());
            }
            entry.put("declared", f.declared());
        }
        return root;
    }
}
