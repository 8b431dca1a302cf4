package liop.node.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import liop.node.jdbc.SqlErrors;

/**
 * A ledger in a PostgreSQL table, shared by node processes on any number of machines.
 *
 * <ul>
 *   <li>Each call is one transaction. A charge locks the rows of all its keys in a single statement,
 *       always in the same order (the keys' byte order), creating the rows of new keys as it goes:
 *       two nodes charging overlapping keys queue up on the first key they share instead of
 *       deadlocking. It then reads the counts, applies the all-or-nothing rule, and writes and
 *       commits, or rolls back and leaves no trace.
 *   <li>A charge is reported applied only once PostgreSQL has committed it. A node killed at any
 *       instant loses nothing it acknowledged; what it had not committed, PostgreSQL rolls back.
 *   <li>The table is created when missing: {@code key text} (byte-ordered) and {@code used bigint}.
 *       An operator may create it beforehand and grant the node's user only SELECT, INSERT, UPDATE
 *       and DELETE on it.
 * </ul>
 *
 * The ledger opens (finds its data source, creates its table) on {@link #open()} or its first call,
 * and tries again on the next call if that failed: in a framework, the JDBC driver may still be
 * starting when the ledger is made. A few connections are kept open between calls and checked
 * before reuse, so a restarted server costs no call; a server that cannot be reached makes the call
 * fail with a {@link LedgerException} naming the server.
 */
public final class PostgresLedger implements Ledger {

    public static final String DEFAULT_TABLE = "liop_ledger";

    /** A plain name, optionally schema-qualified: it goes into SQL text, so nothing else is allowed. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    /** A call that hears nothing back for this long fails, instead of holding a request forever. */
    private static final int NETWORK_TIMEOUT_MILLIS = 30_000;
    private static final int VALIDATION_TIMEOUT_SECONDS = 5;
    private static final int IDLE_CONNECTIONS = 8;
    private static final int ATTEMPTS = 3;

    /** Where connections come from; may wait for a JDBC driver that is still starting. */
    @FunctionalInterface
    public interface DataSourceSupplier {
        DataSource get() throws SQLException;
    }

    private final DataSourceSupplier dataSourceSupplier;
    private volatile DataSource dataSource; // set once open
    private final String server;
    private final String table;
    private final String lockSql;
    private final String writeSql;
    private final String readSql;
    private final String forgetSql;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    /**
     * A ledger on {@code table}, opened on {@link #open()} or its first call.
     *
     * @param dataSource gives the data source that connects to the server, when the ledger opens
     * @param server where it connects, as messages may show it: never with a password
     * @param table the table of the counts, e.g. {@value #DEFAULT_TABLE} or {@code budgets.ledger}
     * @throws LedgerException when the table name is not a plain SQL name
     */
    public PostgresLedger(DataSourceSupplier dataSource, String server, String table) throws LedgerException {
        this.dataSourceSupplier = dataSource;
        this.server = server;
        if (table == null || !TABLE_NAME.matcher(table.strip()).matches()) {
            throw new LedgerException("the budget store's table name '" + table + "' is not a plain SQL name: use letters, digits and _, optionally as schema.table");
        }
        this.table = table.strip();
        this.lockSql = """
                INSERT INTO %s AS ledger (key, used)
                SELECT key, 0 FROM unnest(?::text[]) AS charged(key) ORDER BY key COLLATE "C"
                ON CONFLICT (key) DO UPDATE SET used = ledger.used
                RETURNING key, used""".formatted(this.table);
        this.writeSql = """
                UPDATE %s AS ledger SET used = charged.used
                FROM unnest(?::text[], ?::bigint[]) AS charged(key, used)
                WHERE ledger.key = charged.key""".formatted(this.table);
        this.readSql = "SELECT key, used FROM %s WHERE starts_with(key, ?)".formatted(this.table);
        // Locks in the charges' order too, so forgetting never deadlocks with charging.
        this.forgetSql = """
                DELETE FROM %1$s WHERE key IN (
                    SELECT key FROM %1$s WHERE starts_with(key, ?) ORDER BY key COLLATE "C" FOR UPDATE)""".formatted(this.table);
    }

    /**
     * Finds the data source and creates the table if missing, unless done already.
     *
     * @throws LedgerException when no driver accepts the URL, or the server cannot be reached or
     *     refuses to create the table
     */
    public void open() throws LedgerException {
        openDataSource();
    }

    @Override
    public Outcome charge(List<Charge> charges) throws LedgerException {
        if (charges.isEmpty()) {
            return new Outcome.Charged(Map.of());
        }
        return inTransaction("charge", connection -> {
            Map<String, Long> used = lock(connection, charges);
            Outcome outcome = Entries.apply(used, charges);
            if (outcome instanceof Outcome.Charged charged) {
                write(connection, charged.used());
                connection.commit();
            } else {
                connection.rollback(); // also drops the rows the lock created for new keys
            }
            return outcome;
        });
    }

    @Override
    public Map<String, Long> read(String prefix) throws LedgerException {
        return inTransaction("be read", connection -> {
            Map<String, Long> found = new TreeMap<>();
            try (PreparedStatement select = connection.prepareStatement(readSql)) {
                select.setString(1, prefix);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            connection.commit();
            return found;
        });
    }

    @Override
    public void forget(String prefix) throws LedgerException {
        inTransaction("forget " + prefix, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(forgetSql)) {
                delete.setString(1, prefix);
                delete.executeUpdate();
            }
            connection.commit();
            return null;
        });
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public String describe() {
        return "PostgreSQL " + server + ", table " + table;
    }

    @Override
    public void close() {
        List<Connection> open;
        synchronized (idle) {
            closed = true;
            open = new ArrayList<>(idle);
            idle.clear();
        }
        open.forEach(PostgresLedger::closeQuietly);
    }

    /** Locks the rows of every key charged (creating missing ones at 0) and returns their counts. */
    private Map<String, Long> lock(Connection connection, List<Charge> charges) throws SQLException {
        Set<String> keys = new TreeSet<>();
        charges.forEach(c -> keys.add(c.key()));
        Map<String, Long> used = new HashMap<>();
        try (PreparedStatement lock = connection.prepareStatement(lockSql)) {
            lock.setArray(1, connection.createArrayOf("text", keys.toArray()));
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    used.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return used;
    }

    private void write(Connection connection, Map<String, Long> used) throws SQLException {
        List<String> keys = new ArrayList<>(used.keySet());
        Long[] values = keys.stream().map(used::get).toArray(Long[]::new);
        try (PreparedStatement update = connection.prepareStatement(writeSql)) {
            update.setArray(1, connection.createArrayOf("text", keys.toArray()));
            update.setArray(2, connection.createArrayOf("bigint", values));
            update.executeUpdate();
        }
    }

    private DataSource openDataSource() throws LedgerException {
        DataSource open = dataSource;
        return open != null ? open : openNow();
    }

    private synchronized DataSource openNow() throws LedgerException {
        if (dataSource != null) {
            return dataSource;
        }
        try {
            DataSource candidate = dataSourceSupplier.get();
            for (int attempt = 1; ; attempt++) {
                try (Connection connection = candidate.getConnection()) {
                    createTableIfMissing(connection);
                    break;
                } catch (SQLException e) {
                    if (attempt == ATTEMPTS || !rolledBackByTheServer(e)) {
                        throw e;
                    }
                }
            }
            dataSource = candidate;
            return candidate;
        } catch (SQLException e) {
            throw failure("be opened", e);
        }
    }

    private void createTableIfMissing(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, table);
            try (ResultSet row = exists.executeQuery()) {
                row.next();
                if (row.getBoolean(1)) {
                    return; // also when the node's user may not create tables, but was granted this one
                }
            }
        }
        try (Statement create = connection.createStatement()) {
            create.execute("""
                    CREATE TABLE IF NOT EXISTS %s (
                        key text COLLATE "C" PRIMARY KEY,
                        used bigint NOT NULL CHECK (used >= 0))""".formatted(table));
        }
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} (which commits or rolls back) on a connection, retrying what PostgreSQL rolled back on its own. */
    private <T> T inTransaction(String doing, Work<T> work) throws LedgerException {
        DataSource source = openDataSource();
        for (int attempt = 1; ; attempt++) {
            Connection connection = null;
            try {
                connection = borrow(source);
                T result = work.run(connection);
                giveBack(connection);
                return result;
            } catch (SQLException e) {
                closeQuietly(connection); // an unfinished transaction is rolled back with it
                if (attempt < ATTEMPTS && rolledBackByTheServer(e)) {
                    continue;
                }
                throw failure(doing, e);
            }
        }
    }

    private LedgerException failure(String doing, SQLException e) {
        return new LedgerException("the budget store " + describe() + " could not " + doing + ": " + SqlErrors.explain(e), e);
    }

    /**
     * Deadlock and serialization failures (class 40) are rolled back by the server and can simply be
     * tried again; so can losing the race of two nodes creating the table at once (42P07, 23505).
     */
    private static boolean rolledBackByTheServer(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("40") || state.equals("42P07") || state.equals("23505"));
    }

    private Connection borrow(DataSource source) throws SQLException {
        while (true) {
            Connection pooled;
            synchronized (idle) {
                pooled = idle.pollFirst();
            }
            if (pooled == null) {
                break;
            }
            if (pooled.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                return pooled;
            }
            closeQuietly(pooled); // e.g. the server restarted since
        }
        Connection fresh = source.getConnection();
        try {
            fresh.setAutoCommit(false);
            fresh.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
            return fresh;
        } catch (SQLException e) {
            closeQuietly(fresh);
            throw e;
        }
    }

    private void giveBack(Connection connection) {
        synchronized (idle) {
            if (!closed && idle.size() < IDLE_CONNECTIONS) {
                idle.addFirst(connection);
                return;
            }
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException alreadyBroken) {
                // nothing left to release
            }
        }
    }
}
