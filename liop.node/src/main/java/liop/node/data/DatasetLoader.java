package liop.node.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a dataset file into memory. Every failure becomes a {@link DatasetException} whose message
 * names the file and, where it can, the record or line at fault.
 */
public final class DatasetLoader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();

    private DatasetLoader() {}

    public static Dataset load(String name, String description, Path file, DatasetFormat format) throws DatasetException {
        return load(name, description, file, format, Map.of());
    }

    /** Loads the records and builds the data dictionary, {@code declared} overriding inference. */
    public static Dataset load(String name, String description, Path file, DatasetFormat format, Map<String, FieldInfo> declared) throws DatasetException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException("dataset " + name + ": file " + file + " does not exist or is not a regular file; fix the path in the liop.dataset configuration");
        }
        if (!Files.isReadable(file)) {
            throw new DatasetException("dataset " + name + ": file " + file + " is not readable by the node's user");
        }
        DatasetFormat concrete;
        try {
            concrete = format.resolve(file);
        } catch (IllegalArgumentException e) {
            throw new DatasetException("dataset " + name + ": " + e.getMessage());
        }
        List<ObjectNode> records;
        try {
            records = switch (concrete) {
                case JSON -> readJsonArray(file);
                case JSONL -> readJsonLines(file);
                case CSV -> readCsv(file);
                case JDBC -> throw new IllegalArgumentException("format jdbc reads a database, not a file: see JdbcDatasetLoader");
                case AUTO -> throw new IllegalStateException("resolved format cannot be AUTO");
            };
        } catch (NoSuchFileException e) {
            throw new DatasetException("dataset " + name + ": file " + file + " disappeared while loading");
        } catch (JsonProcessingException e) {
            throw new DatasetException("dataset " + name + ": " + file + " is not valid " + concrete.name().toLowerCase() + ": " + e.getOriginalMessage() + locationOf(e));
        } catch (IOException | IllegalArgumentException e) {
            throw new DatasetException("dataset " + name + ": cannot read " + file + ": " + e.getMessage());
        }
        Set<String> fields = new LinkedHashSet<>();
        for (ObjectNode record : records) {
            record.fieldNames().forEachRemaining(fields::add);
        }
        List<String> fieldList = new ArrayList<>(fields);
        return new Dataset(name, description, file.toString(), fieldList, records, DataDictionary.infer(fieldList, records, declared));
    }

    private static List<ObjectNode> readJsonArray(Path file) throws IOException {
        List<ObjectNode> records = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("expected a JSON array of objects at the top level");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                JsonNode node = JSON.readTree(parser);
                if (!(node instanceof ObjectNode object)) {
                    throw new IllegalArgumentException("record " + (records.size() + 1) + " is a " + node.getNodeType().name().toLowerCase() + ", not an object");
                }
                records.add(object);
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("unexpected content after the top-level array");
            }
        }
        return records;
    }

    private static List<ObjectNode> readJsonLines(Path file) throws IOException {
        List<ObjectNode> records = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("line " + number + " is not valid JSON: " + e.getOriginalMessage());
                }
                if (!(node instanceof ObjectNode object)) {
                    throw new IllegalArgumentException("line " + number + " is not a JSON object");
                }
                records.add(object);
            }
        }
        return records;
    }

    private static List<ObjectNode> readCsv(Path file) throws IOException {
        List<ObjectNode> records = new ArrayList<>();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (InputStream in = Files.newInputStream(file);
                MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class)
                        .with(schema)
                        .with(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
                        .readValues(in)) {
            while (rows.hasNextValue()) {
                Map<String, String> row = rows.nextValue();
                ObjectNode record = JsonNodeFactory.instance.objectNode();
                row.forEach((key, value) -> record.set(key, typed(value)));
                records.add(record);
            }
        }
        return records;
    }

    /** CSV has only text; numbers and booleans become JSON numbers and booleans, empty cells null. */
    static JsonNode typed(String value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null || value.isEmpty()) {
            return f.nullNode();
        }
        if (value.equals("true") || value.equals("false")) {
            return f.booleanNode(Boolean.parseBoolean(value));
        }
        if (looksNumeric(value)) {
            try {
                return f.numberNode(Long.parseLong(value));
            } catch (NumberFormatException notLong) {
                try {
                    double d = Double.parseDouble(value);
                    if (Double.isFinite(d)) {
                        return f.numberNode(d);
                    }
                } catch (NumberFormatException notNumber) {
                    // falls through to text
                }
            }
        }
        return f.textNode(value);
    }

    private static boolean looksNumeric(String value) {
        // Leading zeros (zip codes, ids like 007) stay text, as the data owner wrote them.
        char first = value.charAt(0);
        if (!(first == '-' || Character.isDigit(first))) {
            return false;
        }
        String digits = first == '-' ? value.substring(1) : value;
        return !(digits.length() > 1 && digits.charAt(0) == '0' && digits.charAt(1) != '.');
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
