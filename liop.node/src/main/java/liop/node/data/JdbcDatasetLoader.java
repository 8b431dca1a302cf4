package liop.node.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import liop.node.jdbc.JdbcDrivers;
import liop.node.jdbc.JdbcTarget;
import liop.node.jdbc.SqlErrors;

/**
 * Loads a dataset from a database into memory: the rows of a table (or view) or of a query, one
 * record per row, one field per column, read in a read-only transaction. Column types become JSON
 * types (numbers, booleans, text; dates and times as ISO-8601 text; JSON columns as JSON; arrays
 * as arrays; binary as base64 text), SQL NULL becomes null. The data dictionary is inferred from
 * the column names and values as for files. Every failure becomes a {@link DatasetException} that
 * names the dataset, the database (never the password) and what to fix.
 */
public final class JdbcDatasetLoader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int FETCH_SIZE = 1000;
    private static final String[] TABLE_TYPES = {"TABLE", "BASE TABLE", "VIEW", "MATERIALIZED VIEW", "PARTITIONED TABLE", "FOREIGN TABLE"};

    private JdbcDatasetLoader() {}

    /** What to read: a whole table or view ({@code jdbc.table}), or the rows of a query ({@code jdbc.query}). */
    public record Selection(String table, String query) {

        /** Exactly one of the two, the other empty or null. */
        public static Selection of(String table, String query) {
            String t = table == null ? "" : table.strip();
            String q = query == null ? "" : query.strip();
            if (t.isEmpty() == q.isEmpty()) {
                throw new IllegalArgumentException("a jdbc dataset needs either jdbc.table (a table or view to read whole) or jdbc.query (a SELECT), not "
                        + (t.isEmpty() ? "neither" : "both"));
            }
            if (!q.isEmpty() && !isQuery(q)) {
                throw new IllegalArgumentException("jdbc.query must be a query (SELECT, WITH ... SELECT, VALUES or TABLE): the node only reads, it got '"
                        + abbreviate(q) + "'");
            }
            return new Selection(t, q);
        }

        boolean isTable() {
            return !table.isEmpty();
        }

        @Override
        public String toString() {
            return isTable() ? "table " + table : "jdbc.query";
        }

        private static boolean isQuery(String sql) {
            String first = sql.replaceFirst("^[\\s(]+", "").split("[\\s(]", 2)[0].toLowerCase(Locale.ROOT);
            return Set.of("select", "with", "values", "table").contains(first);
        }
    }

    /** Loads the rows and builds the data dictionary, {@code declared} overriding inference. */
    public static Dataset load(String name, String description, JdbcDrivers drivers, JdbcTarget target, Selection selection,
            Map<String, FieldInfo> declared) throws DatasetException {
        try {
            return loadRows(name, description, drivers, target, selection, declared);
        } catch (DatasetException e) {
            throw new DatasetException(target.scrub(e.getMessage())); // drivers' messages may echo a setting
        }
    }

    private static Dataset loadRows(String name, String description, JdbcDrivers drivers, JdbcTarget target, Selection selection,
            Map<String, FieldInfo> declared) throws DatasetException {
        String where = "dataset " + name + ": " + target.describe();
        DataSource dataSource;
        try {
            dataSource = drivers.dataSource(target);
        } catch (SQLException e) {
            throw new DatasetException(where + ": " + SqlErrors.explain(e));
        }
        try (Connection connection = connect(dataSource, where)) {
            try {
                connection.setReadOnly(true);
                connection.setAutoCommit(false); // PostgreSQL streams rows in batches only inside a transaction
                String sql = selection.isTable() ? "SELECT * FROM " + resolve(connection, selection.table(), where) : selection.query();
                return read(name, description, target, selection, connection, sql, declared);
            } finally {
                endReadOnly(connection);
            }
        } catch (SQLException e) {
            throw new DatasetException(where + ": reading " + selection + " failed: " + SqlErrors.explain(e));
        }
    }

    /** Nothing was written: rolling back just ends the transaction (and a broken connection has none left). */
    private static void endReadOnly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException brokenAlready) {
            // the error that broke it is the one to report
        }
    }

    private static Connection connect(DataSource dataSource, String where) throws DatasetException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new DatasetException(where + ": cannot connect: " + SqlErrors.explain(e));
        }
    }

    private static Dataset read(String name, String description, JdbcTarget target, Selection selection, Connection connection, String sql,
            Map<String, FieldInfo> declared) throws SQLException, DatasetException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData columns = rows.getMetaData();
                List<String> fields = new ArrayList<>();
                List<ValueReader> readers = new ArrayList<>();
                Set<String> seen = new LinkedHashSet<>();
                for (int column = 1; column <= columns.getColumnCount(); column++) {
                    String label = columns.getColumnLabel(column);
                    if (!seen.add(label)) {
                        throw new DatasetException("dataset " + name + ": " + selection + " has two columns named " + label
                                + "; give one another name (SELECT a.id, b.id AS other_id ...)");
                    }
                    fields.add(label);
                    readers.add(readerFor(columns.getColumnType(column), columns.getColumnTypeName(column)));
                }
                List<ObjectNode> records = new ArrayList<>();
                while (rows.next()) {
                    ObjectNode record = NODES.objectNode();
                    for (int column = 1; column <= fields.size(); column++) {
                        record.set(fields.get(column - 1), readers.get(column - 1).read(rows, column));
                    }
                    records.add(record);
                }
                String source = JdbcTarget.redact(target.url()) + ", " + selection;
                return new Dataset(name, description, source, fields, records, DataDictionary.infer(fields, records, declared));
            }
        }
    }

    /**
     * The table's name as the database spells it, quoted: {@code visits} finds VISITS in H2 and
     * visits in PostgreSQL. A missing table is reported with the tables there are.
     */
    private static String resolve(Connection connection, String table, String where) throws SQLException, DatasetException {
        int dot = table.indexOf('.');
        String schema = dot < 0 ? null : table.substring(0, dot);
        String bare = dot < 0 ? table : table.substring(dot + 1);
        DatabaseMetaData metadata = connection.getMetaData();
        List<String[]> matches = new ArrayList<>();
        Set<String> existing = new TreeSet<>();
        try (ResultSet tables = metadata.getTables(null, null, null, TABLE_TYPES)) {
            while (tables.next()) {
                String tableSchema = tables.getString("TABLE_SCHEM");
                String tableName = tables.getString("TABLE_NAME");
                if (isSystemSchema(tableSchema)) {
                    continue;
                }
                existing.add(tableSchema == null ? tableName : tableSchema + "." + tableName);
                if (tableName.equalsIgnoreCase(bare) && (schema == null || schema.equalsIgnoreCase(tableSchema))) {
                    matches.add(new String[] {tableSchema, tableName});
                }
            }
        }
        if (matches.size() > 1) {
            String current = connection.getSchema();
            matches.removeIf(m -> current == null || !current.equalsIgnoreCase(m[0]));
            if (matches.size() != 1) {
                throw new DatasetException(where + ": more than one schema has a table " + bare + "; name one in jdbc.table (schema." + bare + ")");
            }
        }
        if (matches.isEmpty()) {
            throw new DatasetException(where + ": no table or view " + table + " there; fix jdbc.table. Its tables: "
                    + (existing.isEmpty() ? "none" : String.join(", ", existing)));
        }
        String quote = metadata.getIdentifierQuoteString().strip();
        String[] match = matches.get(0);
        return (match[0] == null ? "" : quoted(match[0], quote) + ".") + quoted(match[1], quote);
    }

    private static boolean isSystemSchema(String schema) {
        String s = schema == null ? "" : schema.toLowerCase(Locale.ROOT);
        return s.equals("information_schema") || s.startsWith("pg_");
    }

    private static String quoted(String identifier, String quote) {
        return quote.isEmpty() ? identifier : quote + identifier.replace(quote, quote + quote) + quote;
    }

    /** Reads one column of the current row as a JSON value. */
    private interface ValueReader {
        JsonNode read(ResultSet rows, int column) throws SQLException;
    }

    private static ValueReader readerFor(int type, String typeName) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        if (name.equals("json") || name.equals("jsonb")) {
            return JdbcDatasetLoader::readJson;
        }
        if (name.equals("timestamptz")) { // PostgreSQL reports these as plain TIMESTAMP
            return temporal(OffsetDateTime.class);
        }
        return switch (type) {
            case Types.BOOLEAN, Types.BIT -> (rows, column) -> {
                boolean value = rows.getBoolean(column);
                return rows.wasNull() ? NODES.nullNode() : NODES.booleanNode(value);
            };
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> (rows, column) -> {
                long value = rows.getLong(column);
                return rows.wasNull() ? NODES.nullNode() : NODES.numberNode(value);
            };
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> (rows, column) -> {
                double value = rows.getDouble(column);
                return rows.wasNull() ? NODES.nullNode() : number(value);
            };
            case Types.NUMERIC, Types.DECIMAL -> (rows, column) -> decimal(rows.getBigDecimal(column));
            case Types.DATE -> temporal(LocalDate.class);
            case Types.TIME -> temporal(LocalTime.class);
            case Types.TIME_WITH_TIMEZONE -> temporal(OffsetTime.class);
            case Types.TIMESTAMP -> temporal(LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> temporal(OffsetDateTime.class);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> (rows, column) -> {
                byte[] bytes = rows.getBytes(column);
                return bytes == null ? NODES.nullNode() : NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            };
            case Types.ARRAY -> (rows, column) -> {
                java.sql.Array array = rows.getArray(column);
                return array == null ? NODES.nullNode() : toJson(array.getArray());
            };
            default -> (rows, column) -> {
                String text = rows.getString(column);
                return text == null ? NODES.nullNode() : NODES.textNode(text);
            };
        };
    }

    private static ValueReader temporal(Class<? extends TemporalAccessor> type) {
        return (rows, column) -> {
            Object value = rows.getObject(column, type);
            return value == null ? NODES.nullNode() : NODES.textNode(value.toString());
        };
    }

    private static JsonNode readJson(ResultSet rows, int column) throws SQLException {
        String text = rows.getString(column);
        if (text == null) {
            return NODES.nullNode();
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return NODES.textNode(text); // the database called it JSON; keep what it holds rather than fail
        }
    }

    /** JSON has no NaN or infinity: those stay readable as text. */
    private static JsonNode number(double value) {
        return Double.isFinite(value) ? NODES.numberNode(value) : NODES.textNode(Double.toString(value));
    }

    /** Whole numbers become JSON integers; others keep their exact decimal digits. */
    private static JsonNode decimal(BigDecimal value) {
        if (value == null) {
            return NODES.nullNode();
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0) {
            return NODES.numberNode(stripped.toBigIntegerExact());
        }
        return NODES.numberNode(value);
    }

    /** An SQL array's elements, as the driver gives them in Java. */
    private static JsonNode toJson(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case Object[] elements -> {
                ArrayNode array = NODES.arrayNode();
                for (Object element : elements) {
                    array.add(toJson(element));
                }
                yield array;
            }
            case Boolean b -> NODES.booleanNode(b);
            case Byte b -> NODES.numberNode(b.longValue());
            case Short s -> NODES.numberNode(s.longValue());
            case Integer i -> NODES.numberNode(i.longValue());
            case Long l -> NODES.numberNode(l);
            case BigDecimal d -> decimal(d);
            case Number n -> number(n.doubleValue());
            case java.sql.Date d -> NODES.textNode(d.toLocalDate().toString());
            case java.sql.Timestamp t -> NODES.textNode(t.toLocalDateTime().toString());
            case byte[] bytes -> NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            default -> NODES.textNode(value.toString());
        };
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
}
