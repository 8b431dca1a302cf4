package liop.node.jdbc;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.Driver;
import org.h2.util.OsgiDataSourceFactory;
import org.postgresql.osgi.PGDataSourceFactory;

/**
 * The databases of the tests: H2, embedded, always there; PostgreSQL, the server named by
 * {@code LIOP_TEST_POSTGRES_URL} (bin/test starts a throwaway one and sets it). Without that
 * variable the PostgreSQL tests are skipped, saying why, unless {@code LIOP_REQUIRE_POSTGRES=1}
 * (CI), where they fail instead.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL = "LIOP_TEST_POSTGRES_URL";
    public static final String REQUIRE_POSTGRES = "LIOP_REQUIRE_POSTGRES";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private TestDatabases() {}

    /** The drivers the runtime ships, as their bundles register them. */
    public static JdbcDrivers drivers() {
        return JdbcDrivers.of(new PGDataSourceFactory(), new OsgiDataSourceFactory(Driver.load()));
    }

    /** The test server, or the test is skipped (fails under LIOP_REQUIRE_POSTGRES=1). */
    public static JdbcTarget postgres() {
        String url = System.getenv(POSTGRES_URL);
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv(REQUIRE_POSTGRES))) {
                fail(REQUIRE_POSTGRES + "=1 but " + POSTGRES_URL + " is not set: start PostgreSQL as bin/test does, or unset " + REQUIRE_POSTGRES);
            }
            assumeTrue(false, "PostgreSQL test skipped: " + POSTGRES_URL + " is not set (bin/test starts a server and sets it)");
        }
        return new JdbcTarget(url, "", "");
    }

    /** The test server's URL with its user and password taken out, and those two apart. */
    public static JdbcTarget postgresWithSeparateCredentials() {
        String url = postgres().url();
        String user = parameter(url, "user");
        String password = parameter(url, "password");
        String bare = url.replaceAll("[?&](user|password)=[^&]*", "");
        return new JdbcTarget(bare, user, password);
    }

    /** A name for a table that no other test, in this process or another, uses. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
    }

    /** Runs statements on {@code target}, e.g. to set up a table. */
    public static void execute(JdbcTarget target, String... statements) throws SQLException {
        try (Connection connection = drivers().dataSource(target).getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String parameter(String url, String name) {
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException(POSTGRES_URL + " has no " + name + " parameter");
    }
}
