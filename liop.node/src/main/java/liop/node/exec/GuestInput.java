package liop.node.exec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes what a guest reads on stdin: one JSON object {@code {"params": …, "records": […]}}, the
 * records projected to the fields the request declared. Fields a record lacks are left out rather
 * than written as null, so a guest can tell "absent" from "null".
 */
public final class GuestInput {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private GuestInput() {}

    /**
     * @param params the request's params, or null for none
     * @param records the dataset's records, or null when the request reads no dataset
     * @param fields the fields to keep from each record
     */
    public static byte[] write(JsonNode params, List<ObjectNode> records, List<String> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(records == null ? 256 : 64 + records.size() * 16 * Math.max(1, fields.size()));
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeFieldName("params");
            if (params == null) {
                json.writeNull();
            } else {
                MAPPER.writeTree(json, params);
            }
            if (records != null) {
                json.writeArrayFieldStart("records");
                for (ObjectNode record : records) {
                    json.writeStartObject();
                    for (String field : fields) {
                        JsonNode value = record.get(field);
                        if (value != null) {
                            json.writeFieldName(field);
                            MAPPER.writeTree(json, value);
                        }
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
