package liop.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's databases through its bin/liop: the sample H2 database is a dataset out of
 * the box, and budgets go to PostgreSQL when etc/liop.policy.cfg says so, from the first request
 * after start-up (the driver bundle must be there before the budget store opens).
 */
class JdbcDistributionIT {

    private static final Path HOME = Path.of(System.getProperty("liop.dist", "target/liop")).toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path base;

    @Test
    void theSampleDatabaseIsADatasetOutOfTheBox() throws Exception {
        JsonNode result = execAggregate("visits");

        assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("ok");
        assertThat(result.get("output").get("total").asInt()).isEqualTo(3000);
        assertThat(result.get("output").get("groups").size()).isEqualTo(8);
    }

    @Test
    void budgetsGoToPostgresFromTheFirstRequest() throws Exception {
        String url = postgresUrl();
        String table = "dist_ledger_" + ProcessHandle.current().pid();
        copyDefaultEtc();
        Files.writeString(base.resolve("etc/liop.policy.cfg"), "budget.store = postgresql\nbudget.jdbc.url = " + url + "\nbudget.jdbc.table = " + table + "\n");
        try {
            for (long run = 1; run <= 2; run++) {
                JsonNode result = execAggregate("visits");

                assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("ok");
                Map<String, Long> charged = charges(url, table);
                assertThat(charged.keySet()).as("after run %d", run).hasSize(2)
                        .allMatch(key -> key.matches("budget/\\d+/local:[^/]+/visits/(age|condition)"));
                assertThat(charged.values()).as("after run %d", run).containsOnly(run);
            }
        } finally {
            try (Connection db = DriverManager.getConnection(url); Statement drop = db.createStatement()) {
                drop.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private JsonNode execAggregate(String dataset) throws Exception {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/liop").toString(), "exec", "aggregate", "--dataset", dataset,
                "--fields", "condition,age", "--json"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(base.toFile());
        builder.environment().put("LIOP_BASE", base.toString());
        builder.environment().remove("LIOP_HOME");
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String stdout = readAll(process.getInputStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("liop exec did not finish within 60 s");
        }
        assertThat(stdout).as(stderr.join()).isNotBlank();
        return JSON.readTree(stdout);
    }

    /** A new base gets the defaults on its first start; here they are needed before, to change one. */
    private void copyDefaultEtc() throws IOException {
        Files.createDirectories(base.resolve("etc"));
        try (Stream<Path> files = Files.list(HOME.resolve("etc"))) {
            for (Path file : files.toList()) {
                Files.copy(file, base.resolve("etc").resolve(file.getFileName()));
            }
        }
    }

    private static Map<String, Long> charges(String url, String table) throws Exception {
        Map<String, Long> found = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(url); Statement query = db.createStatement();
                ResultSet rows = query.executeQuery("SELECT key, used FROM " + table + " WHERE key LIKE 'budget/%'")) {
            while (rows.next()) {
                found.put(rows.getString(1), rows.getLong(2));
            }
        }
        return found;
    }

    /** The server bin/test starts; skips without one, or fails where it is required. */
    private static String postgresUrl() {
        String url = System.getenv("LIOP_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("LIOP_REQUIRE_POSTGRES"))) {
                fail("LIOP_REQUIRE_POSTGRES=1 but LIOP_TEST_POSTGRES_URL is not set: start PostgreSQL as bin/test does");
            }
            assumeTrue(false, "PostgreSQL test skipped: LIOP_TEST_POSTGRES_URL is not set (bin/test starts a server and sets it)");
        }
        return url;
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
