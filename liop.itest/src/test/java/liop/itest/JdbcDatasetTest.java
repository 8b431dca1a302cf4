package liop.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.inject.Inject;
import javax.sql.DataSource;
import liop.api.engine.ExecutionStatus;
import liop.api.node.AgentIdentity;
import liop.api.node.DataNode;
import liop.api.node.DatasetDescription;
import liop.api.node.LogicResult;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.jdbc.DataSourceFactory;

/**
 * Datasets from databases and budgets kept in PostgreSQL, inside Felix with the driver bundles the
 * runtime ships, configured only through Config Admin: the aggregate guest runs over the embedded
 * H2 sample database and over a PostgreSQL table, and its queries are charged in PostgreSQL.
 *
 * <p>The PostgreSQL test needs the server bin/test starts ({@code LIOP_TEST_POSTGRES_URL}); it is
 * skipped without one, or fails when {@code LIOP_REQUIRE_POSTGRES=1}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class JdbcDatasetTest {

    private static final AgentIdentity AGENT = new AgentIdentity(AgentIdentity.PEER, "12D3KooWJdbcTester");
    private static final String POSTGRES_DRIVER = "(" + DataSourceFactory.OSGI_JDBC_DRIVER_CLASS + "=org.postgresql.Driver)";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private DataNode node;

    @Configuration
    public Option[] config() {
        return LiopOptions.node("JdbcDatasetTest");
    }

    @Test
    public void aggregatesTheEmbeddedSampleDatabase() throws Exception {
        Configs configs = new Configs(configurationAdmin);
        configs.set("liop.policy", Configs.props("budget.store", "memory", "dp.mode", "off"));
        configs.factory("liop.dataset", "visits", Configs.props("name", "visits", "format", "jdbc",
                "jdbc.url", "jdbc:h2:" + Distribution.home().resolve("data/visits") + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE",
                "jdbc.user", "sa", "jdbc.table", "visits"));
        configs.set("liop.manifest", Configs.props("grants", new String[] {"dataset:visits{*}"}));
        awaitDataset("visits");

        LogicResult result = node.execute(NodeServesTest.request("aggregate").withCapabilities(List.of("dataset:visits{age,condition}")), AGENT);

        assertEquals(result.error(), ExecutionStatus.OK, result.status());
        assertTrue(result.outputJson(), result.outputJson().contains("\"total\":3000"));
        assertTrue(result.outputJson(), result.outputJson().contains("\"condition\":\"influenza\""));
    }

    @Test
    public void aggregatesAPostgresTableAndChargesBudgetsInPostgres() throws Exception {
        String url = postgresUrl();
        DataSource postgres = postgresDataSource(url);
        String suffix = Long.toString(ProcessHandle.current().pid());
        String table = "itest_visits_" + suffix;
        String ledger = "itest_ledger_" + suffix;
        String dataset = "pgvisits";
        try {
            execute(postgres, "DROP TABLE IF EXISTS " + table, "DROP TABLE IF EXISTS " + ledger,
                    "CREATE TABLE " + table + " (condition text, age int, ssn text)",
                    "INSERT INTO " + table + " SELECT CASE WHEN i % 2 = 0 THEN 'asthma' ELSE 'influenza' END, 20 + i % 50, '900-00-' || i "
                            + "FROM generate_series(1, 60) AS i");

            Configs configs = new Configs(configurationAdmin);
            configs.set("liop.policy", Configs.props("budget.store", "postgresql", "budget.jdbc.url", url, "budget.jdbc.table", ledger,
                    "dp.mode", "off"));
            configs.factory("liop.dataset", dataset, Configs.props("name", dataset, "format", "jdbc",
                    "jdbc.url", url.replaceAll("[?&](user|password)=[^&]*", ""),
                    "jdbc.user", parameter(url, "user"), "jdbc.password", parameter(url, "password"), "jdbc.table", table));
            configs.set("liop.manifest", Configs.props("grants", new String[] {"dataset:" + dataset + "{*}"}));
            awaitDataset(dataset);
            Await.until("the budget store's table in PostgreSQL", Duration.ofSeconds(15), () -> exists(postgres, ledger));
            Thread.sleep(200); // the store is in use a moment after its table is created

            for (int run = 1; run <= 2; run++) {
                LogicResult result = node.execute(NodeServesTest.request("aggregate")
                        .withCapabilities(List.of("dataset:" + dataset + "{age,condition}")), AGENT);

                assertEquals(result.error(), ExecutionStatus.OK, result.status());
                assertTrue(result.outputJson(), result.outputJson().contains("\"total\":60"));
                Map<String, Long> charged = charges(postgres, ledger, dataset);
                assertEquals(charged.toString(), 2, charged.size());
                for (Map.Entry<String, Long> field : charged.entrySet()) {
                    assertTrue(field.getKey(), field.getKey().endsWith("/" + dataset + "/age") || field.getKey().endsWith("/" + dataset + "/condition"));
                    assertEquals(field.getKey(), run, (long) field.getValue());
                }
            }
        } finally {
            execute(postgres, "DROP TABLE IF EXISTS " + table, "DROP TABLE IF EXISTS " + ledger);
        }
    }

    private void awaitDataset(String name) {
        Await.until("dataset " + name + " described with its fields", Duration.ofSeconds(15), () ->
                node.describe(AGENT).datasets().stream().filter(d -> d.name().equals(name)).map(DatasetDescription::dictionary)
                        .anyMatch(fields -> fields.size() >= 2));
    }

    /** The test server bin/test starts; skips without one, or fails where it is required. */
    private static String postgresUrl() {
        String url = System.getenv("LIOP_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("LIOP_REQUIRE_POSTGRES"))) {
                fail("LIOP_REQUIRE_POSTGRES=1 but LIOP_TEST_POSTGRES_URL is not set: start PostgreSQL as bin/test does");
            }
            assumeTrue("PostgreSQL test skipped: LIOP_TEST_POSTGRES_URL is not set (bin/test starts a server and sets it)", false);
        }
        return url;
    }

    /** The data source an operator's bundle would get: from the driver's OSGi JDBC service. */
    private DataSource postgresDataSource(String url) throws SQLException, InvalidSyntaxException {
        ServiceReference<DataSourceFactory> driver = Await.value("the PostgreSQL driver's DataSourceFactory", Duration.ofSeconds(10), () -> {
            try {
                return context.getServiceReferences(DataSourceFactory.class, POSTGRES_DRIVER).stream().findFirst().orElse(null);
            } catch (InvalidSyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        });
        Properties settings = new Properties();
        settings.setProperty(DataSourceFactory.JDBC_URL, url);
        return context.getService(driver).createDataSource(settings);
    }

    private static void execute(DataSource dataSource, String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static boolean exists(DataSource dataSource, String table) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            query.setString(1, table);
            try (ResultSet row = query.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The query budgets counted for {@code dataset}: key to count. */
    private static Map<String, Long> charges(DataSource dataSource, String ledger, String dataset) throws SQLException {
        Map<String, Long> found = new TreeMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT key, used FROM " + ledger + " WHERE key LIKE 'budget/%' AND key LIKE ?")) {
            query.setString(1, "%/" + dataset + "/%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return found;
    }

    private static String parameter(String url, String name) {
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new IllegalStateException("LIOP_TEST_POSTGRES_URL has no " + name + " parameter");
    }
}
