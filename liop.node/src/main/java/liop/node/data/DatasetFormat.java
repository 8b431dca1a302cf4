package liop.node.data;

import java.nio.file.Path;
import java.util.Locale;

/** The formats datasets load from: files, or a database. */
public enum DatasetFormat {
    /** A JSON array of objects. */
    JSON,
    /** One JSON object per line. */
    JSONL,
    /** Comma-separated values with a header row; numbers and booleans are typed. */
    CSV,
    /** The rows of a table or query in a database (the jdbc.* settings of the dataset). */
    JDBC,
    /** Decided by the file's extension. */
    AUTO;

    public static DatasetFormat parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dataset format '" + text + "': use json, jsonl, csv, jdbc or auto");
        }
    }

    /** The concrete format of {@code file}: this one, or for AUTO the one its extension names. */
    public DatasetFormat resolve(Path file) {
        if (this != AUTO) {
            return this;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        if (name.endsWith(".json")) {
            return JSON;
        }
        throw new IllegalArgumentException("cannot tell the format of " + file.getFileName() + " from its extension; set format=json, jsonl or csv");
    }
}
