package liop.node.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import liop.node.jdbc.JdbcDrivers;
import liop.node.jdbc.JdbcTarget;
import liop.node.jdbc.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets read from databases: an embedded H2 file (the runtime's default) and the PostgreSQL
 * server of the tests, into the same records and dictionaries as files give.
 */
class JdbcDatasetLoaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JdbcDrivers DRIVERS = TestDatabases.drivers();

    @TempDir
    Path dir;

    private JdbcTarget h2;

    @BeforeEach
    void embeddedDatabase() throws SQLException {
        h2 = new JdbcTarget("jdbc:h2:" + dir.resolve("clinic"), "sa", "h2-secret-77");
        TestDatabases.execute(h2,
                """
                CREATE TABLE "visits" ("visit_id" INTEGER PRIMARY KEY, "clinic" VARCHAR(40), "ssn" CHAR(11), "zip" VARCHAR(5),
                    "cost" DECIMAL(10, 2), "nights" BIGINT, "score" DOUBLE PRECISION, "insured" BOOLEAN, "day" DATE,
                    "admitted" TIMESTAMP, "notes" VARCHAR(100))""",
                """
                INSERT INTO "visits" VALUES
                    (1, 'north', '900-12-3456', '02139', 120.50, 2, 0.25, TRUE, DATE '2025-03-01', TIMESTAMP '2025-03-01 08:30:00', NULL),
                    (2, 'south', '900-98-7654', '02140', 80.00, 0, 1.5, FALSE, DATE '2025-03-02', TIMESTAMP '2025-03-02 17:05:09', 'follow-up')""",
                "CREATE TABLE SHOUTING (ID INT, LABEL VARCHAR(10))",
                "INSERT INTO SHOUTING VALUES (7, 'x')");
    }

    @Test
    void readsATableIntoTypedRecordsWithNulls() throws Exception {
        Dataset visits = load(h2, JdbcDatasetLoader.Selection.of("visits", null));

        assertThat(visits.fields()).containsExactly("visit_id", "clinic", "ssn", "zip", "cost", "nights", "score", "insured", "day", "admitted", "notes");
        assertThat(JSON.writeValueAsString(visits.records().get(0))).isEqualTo("""
                {"visit_id":1,"clinic":"north","ssn":"900-12-3456","zip":"02139","cost":120.50,"nights":2,"score":0.25,\
                "insured":true,"day":"2025-03-01","admitted":"2025-03-01T08:30","notes":null}""");
        assertThat(visits.records().get(1).get("cost").isIntegralNumber()).as("80.00 is a whole number").isTrue();
        assertThat(visits.source()).isEqualTo("jdbc:h2:" + dir.resolve("clinic") + ", table visits");
    }

    @Test
    void infersTheDictionaryAsForFilesAndLetsTheOperatorOverrideIt() throws Exception {
        Map<String, FieldInfo> declared = Map.of("clinic", new FieldInfo("clinic", "", "where the visit was", Classification.SENSITIVE, 0, true));

        DataDictionary dictionary = JdbcDatasetLoader.load("visits", "", DRIVERS, h2, JdbcDatasetLoader.Selection.of("visits", null), declared).dictionary();

        assertThat(dictionary.classification("ssn")).isEqualTo(Classification.FORBIDDEN);
        assertThat(dictionary.classification("zip")).isEqualTo(Classification.SENSITIVE);
        assertThat(dictionary.classification("clinic")).isEqualTo(Classification.SENSITIVE);
        assertThat(dictionary.field("clinic").orElseThrow().description()).isEqualTo("where the visit was");
        assertThat(dictionary.field("cost").orElseThrow().type()).isEqualTo("number");
        assertThat(dictionary.field("nights").orElseThrow().type()).isEqualTo("integer");
        assertThat(dictionary.field("notes").orElseThrow().type()).isEqualTo("string");
    }

    @Test
    void aQueryGivesItsRowsAndItsColumnLabels() throws Exception {
        Dataset perClinic = load(h2, JdbcDatasetLoader.Selection.of(null,
                "SELECT \"clinic\", COUNT(*) AS \"visits\", SUM(\"cost\") AS \"total\" FROM \"visits\" GROUP BY \"clinic\" ORDER BY \"clinic\""));

        assertThat(perClinic.fields()).containsExactly("clinic", "visits", "total");
        assertThat(JSON.writeValueAsString(perClinic.records())).isEqualTo("""
                [{"clinic":"north","visits":1,"total":120.50},{"clinic":"south","visits":1,"total":80}]""");
        assertThat(perClinic.source()).endsWith(", jdbc.query");
    }

    @Test
    void findsATableWhateverCaseTheDatabaseGaveItsName() throws Exception {
        Dataset shouting = load(h2, JdbcDatasetLoader.Selection.of("shouting", null));

        assertThat(shouting.fields()).containsExactly("ID", "LABEL");
        assertThat(load(h2, JdbcDatasetLoader.Selection.of("public.Shouting", null)).records()).hasSize(1);
    }

    @Test
    void aMissingTableIsNamedWithTheTablesThereAre() {
        assertThatThrownBy(() -> load(h2, JdbcDatasetLoader.Selection.of("visitz", null)))
                .isInstanceOf(DatasetException.class)
                .hasMessage("dataset clinic: jdbc:h2:" + dir.resolve("clinic") + " (user sa): no table or view visitz there; fix jdbc.table. "
                        + "Its tables: PUBLIC.SHOUTING, PUBLIC.visits");
    }

    @Test
    void aWrongPasswordIsNamedWithoutShowingAnyPassword() {
        JdbcTarget wrong = new JdbcTarget(h2.url(), "sa", "guess-123");

        assertThatThrownBy(() -> load(wrong, JdbcDatasetLoader.Selection.of("visits", null)))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("dataset clinic: jdbc:h2:" + dir.resolve("clinic") + " (user sa): cannot connect: Wrong user name or password")
                .hasMessageContaining("check the user and password")
                .hasMessageNotContaining("guess-123")
                .hasMessageNotContaining("h2-secret-77");
    }

    @Test
    void aDatabaseFileThatIsNotThereIsNamed() {
        JdbcTarget nowhere = new JdbcTarget("jdbc:h2:" + dir.resolve("no-such-db") + ";IFEXISTS=TRUE;PASSWORD=in-url-55", "sa", "");

        assertThatThrownBy(() -> load(nowhere, JdbcDatasetLoader.Selection.of("visits", null)))
                .hasMessageContaining("cannot connect: Database \"" + dir.resolve("no-such-db"))
                .hasMessageContaining("not found")
                .hasMessageContaining("check the database file's path in the URL")
                .hasMessageNotContaining("in-url-55");
    }

    @Test
    void aUrlNoDriverAcceptsListsTheDriversThereAre() {
        JdbcTarget oracle = new JdbcTarget("jdbc:oracle:thin:@db:1521/x", "", "");

        assertThatThrownBy(() -> load(oracle, JdbcDatasetLoader.Selection.of("visits", null)))
                .hasMessage("dataset clinic: jdbc:oracle:thin:@db:1521/x: no JDBC driver accepts jdbc:oracle:thin:@db:1521/x; the drivers installed are "
                        + "org.postgresql.Driver, org.h2.Driver. Check the URL, or drop the driver's bundle into deploy/ (it must register an OSGi "
                        + "org.osgi.service.jdbc.DataSourceFactory) (SQLState 08001); check that the database server is running and that the URL names its host and port");
    }

    @Test
    void aBrokenQueryIsReportedWithTheDatabasesWords() {
        assertThatThrownBy(() -> load(h2, JdbcDatasetLoader.Selection.of(null, "SELECT nothing FROM \"visits\"")))
                .hasMessageContaining("dataset clinic: jdbc:h2:")
                .hasMessageContaining("reading jdbc.query failed: Column \"NOTHING\" not found");
    }

    @Test
    void twoColumnsOfOneNameAreRefused() {
        assertThatThrownBy(() -> load(h2, JdbcDatasetLoader.Selection.of(null, "SELECT \"clinic\", \"zip\" AS \"clinic\" FROM \"visits\"")))
                .hasMessage("dataset clinic: jdbc.query has two columns named clinic; give one another name (SELECT a.id, b.id AS other_id ...)");
    }

    @Test
    void selectsEitherATableOrAQueryThatOnlyReads() {
        assertThatThrownBy(() -> JdbcDatasetLoader.Selection.of(" ", null)).hasMessageContaining("not neither");
        assertThatThrownBy(() -> JdbcDatasetLoader.Selection.of("visits", "SELECT 1")).hasMessageContaining("not both");
        assertThatThrownBy(() -> JdbcDatasetLoader.Selection.of(null, "DELETE FROM visits")).hasMessageContaining("the node only reads, it got 'DELETE FROM visits'");
        assertThat(JdbcDatasetLoader.Selection.of(null, "  (select 1)").query()).isEqualTo("(select 1)");
        assertThat(JdbcDatasetLoader.Selection.of(null, "WITH x AS (SELECT 1) SELECT * FROM x").isTable()).isFalse();
    }

    // --- PostgreSQL

    @Test
    void readsPostgresTypesAsJson() throws Exception {
        JdbcTarget postgres = TestDatabases.postgres();
        String table = TestDatabases.uniqueName("visits");
        TestDatabases.execute(postgres,
                "CREATE TABLE " + table + " (id uuid, tags text[], scores int[], extra jsonb, at timestamptz, amount numeric(12, 3), "
                        + "ratio real, raw bytea, flag boolean, small smallint, nothing text)",
                "INSERT INTO " + table + " VALUES ('6a1f0c2e-9a55-4d6b-8a0e-2f0c6f3f9d11', '{a,b}', '{1,2,3}', '{\"k\": [1, true, null]}', "
                        + "'2025-03-01 08:30:00+02', 12.345, 0.5, '\\x00ff', true, 7, NULL)");
        try {
            Dataset dataset = load(postgres, JdbcDatasetLoader.Selection.of(table.toUpperCase(), null));

            assertThat(JSON.writeValueAsString(dataset.records().get(0))).isEqualTo("""
                    {"id":"6a1f0c2e-9a55-4d6b-8a0e-2f0c6f3f9d11","tags":["a","b"],"scores":[1,2,3],"extra":{"k":[1,true,null]},\
                    "at":"2025-03-01T06:30Z","amount":12.345,"ratio":0.5,"raw":"AP8=","flag":true,"small":7,"nothing":null}""");
            assertThat(dataset.source()).contains("password=***").doesNotContain(TestDatabases.postgresWithSeparateCredentials().password());
        } finally {
            TestDatabases.execute(postgres, "DROP TABLE " + table);
        }
    }

    @Test
    void aPostgresQueryRunsReadOnly() throws Exception {
        JdbcTarget postgres = TestDatabases.postgresWithSeparateCredentials();
        String table = TestDatabases.uniqueName("keep");
        TestDatabases.execute(postgres, "CREATE TABLE " + table + " (id int)", "INSERT INTO " + table + " VALUES (1), (2)");
        try {
            assertThatThrownBy(() -> load(postgres, JdbcDatasetLoader.Selection.of(null, "WITH gone AS (DELETE FROM " + table + " RETURNING id) SELECT * FROM gone")))
                    .hasMessageContaining("read-only transaction");

            assertThat(load(postgres, JdbcDatasetLoader.Selection.of(table, null)).records()).hasSize(2);
        } finally {
            TestDatabases.execute(postgres, "DROP TABLE " + table);
        }
    }

    @Test
    void aWrongPostgresPasswordOrTableIsNamed() {
        JdbcTarget good = TestDatabases.postgresWithSeparateCredentials();

        assertThatThrownBy(() -> load(new JdbcTarget(good.url(), good.user(), "wrong-pw-99"), JdbcDatasetLoader.Selection.of("visits", null)))
                .hasMessage("dataset clinic: " + good.url() + " (user liop): cannot connect: FATAL: password authentication failed for user \"liop\" "
                        + "(SQLState 28P01); check the user and password");
        assertThatThrownBy(() -> load(good, JdbcDatasetLoader.Selection.of("no_such_table", null)))
                .hasMessageContaining("no table or view no_such_table there; fix jdbc.table");
    }

    private static Dataset load(JdbcTarget target, JdbcDatasetLoader.Selection selection) throws DatasetException {
        return JdbcDatasetLoader.load("clinic", "", DRIVERS, target, selection, Map.of());
    }
}
