package liop.node.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * budget.store = postgresql as liop.policy configures it: the store opens from its settings, a
 * store that cannot be opened or goes away leaves budgets in memory, and saving the policy again
 * brings a store that came back into use.
 */
class PolicyStoreTest {

    private static final Budgets.Query QUERY = new Budgets.Query(new AgentIdentity(AgentIdentity.PEER, "12D3KooWPolicyStore"), "visits",
            Set.of("age"), DataDictionary.infer(List.of("age"), List.of(), Map.of()), BudgetLimits.DEFAULT, new BudgetWindow(Duration.ofDays(1)),
            0, 10, 100);

    private JdbcTarget database;
    private String table;
    private PolicyComponent component;

    @BeforeEach
    void freshTable() {
        database = TestDatabases.postgresWithSeparateCredentials();
        table = TestDatabases.uniqueName("policy_ledger");
    }

    @AfterEach
    void closeAndDrop() throws SQLException {
        if (component != null) {
            component.closeStore();
        }
        if (database != null) { // null: skipped, no server
            TestDatabases.execute(database, "DROP TABLE IF EXISTS " + table);
        }
    }

    @Test
    void opensThePostgresStoreFromItsSettings() {
        component = new PolicyComponent(null, postgres(database.url()), TestDatabases.drivers());

        assertThat(component.budgets().persistent()).isTrue();
        assertThat(component.budgets().store()).isEqualTo("PostgreSQL " + database.url() + " (user liop), table " + table);
        assertThat(component.budgets().charge(QUERY)).isEmpty();
    }

    @Test
    void aStoreThatCannotBeOpenedLeavesBudgetsInMemoryFromTheFirstQuery() {
        PolicyComponent.Config wrongPassword = config(Map.of("budget_store", "postgresql", "budget_jdbc_url", database.url(),
                "budget_jdbc_user", database.user(), "budget_jdbc_password", "wrong", "budget_jdbc_table", table));
        PolicyComponent.Config notPostgres = config(Map.of("budget_store", "postgresql", "budget_jdbc_url", "jdbc:h2:mem:x"));

        for (PolicyComponent.Config broken : List.of(wrongPassword, notPostgres)) {
            component = new PolicyComponent(null, broken, TestDatabases.drivers());
            assertThat(component.budgets().charge(QUERY)).isEmpty();
            assertThat(component.budgets().persistent()).isFalse();
            assertThat(component.budgets().store()).startsWith("memory");
            component.closeStore();
        }
    }

    @Test
    void aStoreThatWentAwayIsOpenedAgainWhenThePolicyIsSaved() throws Exception {
        try (TcpProxy proxy = proxyToServer()) {
            PolicyComponent.Config config = postgres(database.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"));
            component = new PolicyComponent(null, config, TestDatabases.drivers());
            assertThat(component.budgets().charge(QUERY)).isEmpty();

            proxy.cut();
            assertThat(component.budgets().charge(QUERY)).isEmpty();
            assertThat(component.budgets().persistent()).as("fell back to memory").isFalse();

            proxy.restore();
            component.configure(config);

            assertThat(component.budgets().persistent()).isTrue();
            assertThat(component.budgets().charge(QUERY)).isEmpty();
            assertThat(component.budgets().read("budget/")).as("the charge before the cut and the one after the restore")
                    .hasSize(1).containsValue(2L);
        }
    }

    private PolicyComponent.Config postgres(String url) {
        return config(Map.of("budget_store", "postgresql", "budget_jdbc_url", url, "budget_jdbc_user", database.user(),
                "budget_jdbc_password", database.password(), "budget_jdbc_table", table));
    }

    /** The configuration Config Admin would give: these settings, the defaults for the rest. */
    private static PolicyComponent.Config config(Map<String, Object> settings) {
        return (PolicyComponent.Config) Proxy.newProxyInstance(PolicyComponent.Config.class.getClassLoader(), new Class<?>[] {PolicyComponent.Config.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> PolicyComponent.Config.class;
                    case "toString" -> "Config" + settings;
                    case "hashCode" -> settings.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> settings.containsKey(method.getName()) ? settings.get(method.getName()) : method.getDefaultValue();
                });
    }

    private TcpProxy proxyToServer() throws Exception {
        Matcher hostPort = Pattern.compile("//([^:/]+):(\\d+)/").matcher(database.url());
        assertThat(hostPort.find()).isTrue();
        return new TcpProxy(hostPort.group(1), Integer.parseInt(hostPort.group(2)));
    }
}
