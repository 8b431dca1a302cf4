package liop.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liop.api.node.AgentIdentity;
import liop.node.budget.BudgetLimits;
import liop.node.budget.BudgetWindow;
import liop.node.budget.Budgets;
import liop.node.data.DataDictionary;
import liop.node.jdbc.JdbcTarget;
import liop.node.jdbc.TcpProxy;
import liop.node.jdbc.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL ledger against a real server (bin/test starts one): all or nothing, threads and
 * node processes racing for the same budget, processes killed mid-charge, and the server going
 * away under a running node.
 */
class PostgresLedgerTest {

    private JdbcTarget database;
    private String table;
    private final List<Ledger> opened = new ArrayList<>();

    @BeforeEach
    void freshTable() {
        database = TestDatabases.postgres();
        table = TestDatabases.uniqueName("ledger");
    }

    @AfterEach
    void dropTable() throws SQLException {
        opened.forEach(Ledger::close);
        if (database != null) { // null: skipped, no server
            TestDatabases.execute(database, "DROP TABLE IF EXISTS " + table);
        }
    }

    @Test
    void chargesAllOrNothingAndARefusalLeavesNoTrace() throws Exception {
        Ledger ledger = open(database);
        ledger.charge(List.of(new Ledger.Charge("a", 2, 3)));

        Ledger.Outcome refused = ledger.charge(List.of(new Ledger.Charge("b", 1, 5), new Ledger.Charge("a", 2, 3)));

        assertThat(refused).isEqualTo(new Ledger.Outcome.Refused(new Ledger.Charge("a", 2, 3), 2));
        assertThat(ledger.read("")).containsExactly(Map.entry("a", 2L));
    }

    @Test
    void aKeyChargedTwiceInOneCallAddsUpAsInMemory() throws Exception {
        Ledger ledger = open(database);
        List<Ledger.Charge> twice = List.of(new Ledger.Charge("k", 2, 5), new Ledger.Charge("k", 2, 5));

        assertThat(ledger.charge(twice)).isEqualTo(new MemoryLedger().charge(twice)).isEqualTo(new Ledger.Outcome.Charged(Map.of("k", 4L)));
        assertThat(ledger.charge(twice)).isEqualTo(new Ledger.Outcome.Refused(new Ledger.Charge("k", 2, 5), 4));
        assertThat(ledger.charge(List.of())).isEqualTo(new Ledger.Outcome.Charged(Map.of()));
    }

    @Test
    void readsAndForgetsByPrefixTakenLiterally() throws Exception {
        Ledger ledger = open(database);
        for (String key : List.of("budget/1/a", "budget/1/b", "budget/2/a", "budget/1%x", "budget/1_y", "épsilon/ü/\t\n")) {
            ledger.charge(List.of(new Ledger.Charge(key, 1, 10)));
        }

        assertThat(ledger.read("budget/1%")).containsOnlyKeys("budget/1%x");
        ledger.forget("budget/1/");

        assertThat(ledger.read("")).containsOnlyKeys("budget/2/a", "budget/1%x", "budget/1_y", "épsilon/ü/\t\n");
    }

    @Test
    void countsOutliveTheLedgerAndAreSharedByEveryLedgerOnTheTable() throws Exception {
        Ledger first = open(database);
        Ledger second = open(TestDatabases.postgresWithSeparateCredentials());
        first.charge(List.of(new Ledger.Charge("shared", 3, 10)));
        second.charge(List.of(new Ledger.Charge("shared", 4, 10)));
        first.close();

        assertThat(open(database).read("shared")).containsExactly(Map.entry("shared", 7L));
        assertThat(second.persistent()).isTrue();
        assertThat(second.describe()).contains("PostgreSQL jdbc:postgresql://", "(user liop)", table).doesNotContain("password");
    }

    @Test
    void threadsNeverOverspend() throws Exception {
        Ledger ledger = open(database);
        AtomicLong granted = new AtomicLong();
        runConcurrently(8, worker -> {
            for (int i = 0; i < 40; i++) {
                if (ledger.charge(List.of(new Ledger.Charge("k", 1, 200))) instanceof Ledger.Outcome.Charged) {
                    granted.incrementAndGet();
                }
            }
        });

        assertThat(granted).hasValue(200);
        assertThat(ledger.read("k")).containsExactly(Map.entry("k", 200L));
    }

    @Test
    void chargesNamingKeysInOpposingOrdersNeverDeadlock() throws Exception {
        Ledger ledger = open(database);
        runConcurrently(8, worker -> {
            for (int i = 0; i < 50; i++) {
                List<Ledger.Charge> charges = new ArrayList<>(List.of(new Ledger.Charge("x", 1, 1000), new Ledger.Charge("y", 1, 1000),
                        new Ledger.Charge("new/" + worker + "/" + i, 1, 1000)));
                if (worker % 2 == 1) {
                    charges = charges.reversed();
                }
                assertThat(ledger.charge(charges)).isInstanceOf(Ledger.Outcome.Charged.class);
            }
        });

        assertThat(ledger.read("x")).containsExactly(Map.entry("x", 400L));
        assertThat(ledger.read("y")).containsExactly(Map.entry("y", 400L));
        assertThat(ledger.read("new/")).hasSize(400);
    }

    @Test
    void twoNodeProcessesSharingTheTableNeverOverspend() throws Exception {
        open(database); // creates the table, so the processes do not race for that too
        Process first = hammer("shared", 150, "first");
        Process second = hammer("shared", 150, "second");

        long acknowledged = HammerProcess.acknowledged(first) + HammerProcess.acknowledged(second);

        assertThat(first.waitFor(60, TimeUnit.SECONDS) && second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).isEqualTo(150);
        assertThat(open(database).read("shared")).containsExactly(Map.entry("shared", 150L));
    }

    @Test
    void killingAProcessMidChargeNeverLosesOrCorruptsACount() throws Exception {
        Ledger ledger = open(database);
        Random random = new Random(42);
        long acknowledgedTotal = 0;
        for (int round = 0; round < 6; round++) {
            String name = "liop-hammer-" + table + "-" + round;
            Process process = hammer("crash", Long.MAX_VALUE, name);
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine(); // charging has begun
            assertThat(first).startsWith("ok");
            Thread.sleep(20 + random.nextInt(150));
            process.toHandle().destroyForcibly(); // SIGKILL (without closing our end of its stdout)
            process.waitFor(10, TimeUnit.SECONDS);
            long acknowledged = Long.parseLong(first.substring(3));
            for (String line; (line = out.readLine()) != null; ) {
                acknowledged = Long.parseLong(line.substring(3));
            }
            acknowledgedTotal += acknowledged;
            awaitServerDoneWith(name); // a commit sent just before the kill may still be on its way

            long stored = ledger.read("crash").getOrDefault("crash", 0L);
            // Every acknowledged charge is committed; at most the one in flight at the kill is there unacknowledged.
            assertThat(stored).as("round %d", round).isBetween(acknowledgedTotal, acknowledgedTotal + 1);
            acknowledgedTotal = stored;
        }
        assertThat(acknowledgedTotal).isPositive();
    }

    @Test
    void aServerGoingAwayIsALedgerExceptionNamingTheServerNotThePassword() throws Exception {
        try (TcpProxy proxy = proxyToServer()) {
            JdbcTarget throughProxy = viaProxy(proxy);
            Ledger ledger = open(throughProxy);
            ledger.charge(List.of(new Ledger.Charge("k", 1, 10)));

            proxy.close();

            assertThatThrownBy(() -> ledger.charge(List.of(new Ledger.Charge("k", 1, 10))))
                    .isInstanceOf(LedgerException.class)
                    .hasMessageContaining("the budget store PostgreSQL jdbc:postgresql://127.0.0.1:" + proxy.port())
                    .hasMessageContaining("could not charge")
                    .hasMessageContaining("check that the database server is running")
                    .hasMessageNotContaining(password());
        }
        assertThat(open(database).read("k")).containsExactly(Map.entry("k", 1L));
    }

    @Test
    void aLedgerThatCouldNotOpenTriesAgainOnItsNextCall() throws Exception {
        try (TcpProxy proxy = proxyToServer()) {
            JdbcTarget throughProxy = viaProxy(proxy);
            PostgresLedger ledger = new PostgresLedger(() -> TestDatabases.drivers().dataSource(throughProxy), throughProxy.describe(), table);
            opened.add(ledger);
            proxy.cut();

            assertThatThrownBy(() -> ledger.charge(List.of(new Ledger.Charge("k", 1, 10)))).hasMessageContaining("could not be opened");

            proxy.restore();
            assertThat(ledger.charge(List.of(new Ledger.Charge("k", 1, 10)))).isEqualTo(new Ledger.Outcome.Charged(Map.of("k", 1L)));
        }
    }

    @Test
    void aChargeCutOffWhileItWaitsForALockIsRolledBack() throws Exception {
        Ledger direct = open(database);
        direct.charge(List.of(new Ledger.Charge("held", 5, 100)));
        try (TcpProxy proxy = proxyToServer();
                Connection holder = TestDatabases.drivers().dataSource(database).getConnection()) {
            Ledger ledger = open(viaProxy(proxy));
            holder.setAutoCommit(false);
            holder.createStatement().execute("SELECT * FROM " + table + " WHERE key = 'held' FOR UPDATE");

            CompletableFuture<Ledger.Outcome> charge = CompletableFuture.supplyAsync(() -> {
                try {
                    return ledger.charge(List.of(new Ledger.Charge("other", 1, 100), new Ledger.Charge("held", 1, 100)));
                } catch (LedgerException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            awaitLockWait();
            proxy.close(); // mid-charge: its transaction has locked "other" and waits for "held"

            assertThat(charge).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(Exception.class)
                    .withMessageContaining("could not charge");
            holder.rollback();
        }
        awaitServerDoneWithLocks();
        assertThat(direct.read("")).containsExactly(Map.entry("held", 5L));
    }

    @Test
    void budgetsFallBackToMemoryLoudlyWhenTheServerGoesAway() throws Exception {
        try (TcpProxy proxy = proxyToServer()) {
            Budgets budgets = new Budgets(open(viaProxy(proxy)), Clock.systemUTC());
            Budgets.Query query = new Budgets.Query(new AgentIdentity(AgentIdentity.PEER, "12D3KooWAgent"), "visits", Set.of("age"),
                    DataDictionary.infer(List.of("age"), List.of(), Map.of()), new BudgetLimits(3, 8, 2, 0), new BudgetWindow(Duration.ofDays(1)), 0, 10, 100);

            assertThat(budgets.charge(query)).isEmpty();
            assertThat(budgets.persistent()).isTrue();
            assertThat(budgets.store()).startsWith("PostgreSQL");

            proxy.close();

            assertThat(budgets.charge(query)).as("served from memory now").isEmpty();
            assertThat(budgets.persistent()).isFalse();
            assertThat(budgets.store()).startsWith("memory");
            assertThat(budgets.charge(query)).isEmpty();
            assertThat(budgets.charge(query)).hasValueSatisfying(denial -> assertThat(denial).endsWith(Budgets.ROTATE_SESSION));
        }
    }

    @Test
    void aWrongPasswordIsNamedAsSuchWithoutShowingIt() {
        JdbcTarget good = TestDatabases.postgresWithSeparateCredentials();
        JdbcTarget wrong = new JdbcTarget(good.url(), good.user(), "not-the-password-42");

        assertThatThrownBy(() -> open(wrong))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("the budget store PostgreSQL " + good.url() + " (user liop)")
                .hasMessageContaining("password authentication failed for user \"liop\"")
                .hasMessageContaining("check the user and password")
                .hasMessageNotContaining("not-the-password-42");
    }

    @Test
    void aServerThatIsNotThereIsNamed() throws Exception {
        int closedPort;
        try (TcpProxy proxy = proxyToServer()) {
            closedPort = proxy.port();
        }
        JdbcTarget nowhere = new JdbcTarget(database.url().replaceFirst(":\\d+/", ":" + closedPort + "/"), "", "");

        assertThatThrownBy(() -> open(nowhere))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .hasMessageContaining("could not be opened")
                .hasMessageNotContaining(password());
    }

    @Test
    void onlyPlainTableNamesGoIntoSql() {
        assertThatThrownBy(() -> new PostgresLedger(() -> TestDatabases.drivers().dataSource(database), database.describe(), "ledger; DROP TABLE x"))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("not a plain SQL name");
    }

    // --- helpers

    private Ledger open(JdbcTarget target) throws LedgerException {
        PostgresLedger ledger = new PostgresLedger(() -> TestDatabases.drivers().dataSource(target), target.describe(), table);
        opened.add(ledger);
        ledger.open();
        return ledger;
    }

    private interface Worker {
        void run(int worker) throws Exception;
    }

    private static void runConcurrently(int threads, Worker work) throws Exception {
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int worker = t;
                workers.add(pool.submit(() -> {
                    work.run(worker);
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        }
    }

    private Process hammer(String key, long limit, String applicationName) throws IOException {
        return HammerProcess.start(PostgresLedgerHammer.class, database.url() + "&ApplicationName=" + applicationName, table, key, Long.toString(limit));
    }

    /** Waits until the server has no session left of the killed process: its last transaction is over. */
    private void awaitServerDoneWith(String applicationName) throws Exception {
        awaitNoRow("SELECT 1 FROM pg_stat_activity WHERE application_name = ?", applicationName);
    }

    private void awaitLockWait() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (exists("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ?", "%" + table + "%")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the charge never waited for the lock");
    }

    private void awaitServerDoneWithLocks() throws Exception {
        awaitNoRow("SELECT 1 FROM pg_stat_activity WHERE query LIKE ? AND state <> 'idle' AND pid <> pg_backend_pid()", "%INSERT INTO " + table + "%");
    }

    private void awaitNoRow(String sql, String parameter) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (exists(sql, parameter)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server still runs: " + sql + " with " + parameter);
            }
            Thread.sleep(10);
        }
    }

    private boolean exists(String sql, String parameter) throws SQLException {
        try (Connection connection = TestDatabases.drivers().dataSource(database).getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private TcpProxy proxyToServer() throws IOException {
        Matcher hostPort = Pattern.compile("//([^:/]+):(\\d+)/").matcher(database.url());
        assertThat(hostPort.find()).as("host and port in " + database.describe()).isTrue();
        return new TcpProxy(hostPort.group(1), Integer.parseInt(hostPort.group(2)));
    }

    private JdbcTarget viaProxy(TcpProxy proxy) {
        return new JdbcTarget(database.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"), "", "");
    }

    private String password() {
        return TestDatabases.postgresWithSeparateCredentials().password();
    }
}
