package liop.node.policy;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import liop.node.budget.BudgetLimits;
import liop.node.budget.BudgetWindow;
import liop.node.budget.Budgets;
import liop.node.jdbc.JdbcDrivers;
import liop.node.jdbc.JdbcTarget;
import liop.node.ledger.FileLedger;
import liop.node.ledger.Ledger;
import liop.node.ledger.LedgerException;
import liop.node.ledger.MemoryLedger;
import liop.node.ledger.PostgresLedger;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The node's output policy and its budget store, from Config Admin (PID {@code liop.policy}). A
 * bad setting is logged and the defaults stay in force; a store that cannot be opened is logged
 * loudly and budgets run in memory.
 */
@Component(service = PolicyComponent.class, immediate = true, configurationPid = PolicyComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PolicyComponent.Config.class)
public final class PolicyComponent implements Policies {

    public static final String PID = "liop.policy";
    private static final System.Logger LOG = System.getLogger(PolicyComponent.class.getName());

    @ObjectClassDefinition(name = "LIOP output policy", description = "What may leave the node: egress filter, aggregation, query budgets, differential privacy.")
    public @interface Config {
        @AttributeDefinition(description = "Queries an agent may make on a forbidden field of a dataset per budget window.")
        long budget_forbidden() default 3;

        @AttributeDefinition(description = "Queries an agent may make on a sensitive field per window.")
        long budget_sensitive() default 8;

        @AttributeDefinition(description = "Queries an agent may make on a public field per window.")
        long budget_public() default 25;

        @AttributeDefinition(description = "When above 0: every field gets this many queries per window, whatever its classification.")
        long budget_uniform() default 0;

        @AttributeDefinition(description = "The budget window, an ISO-8601 duration: PT1H, P1D, P7D.")
        String budget_window() default "P1D";

        @AttributeDefinition(description = "Where budgets and privacy accounts are kept: file (shared by the node processes of this machine), "
                + "postgresql (shared by node processes on any machines: budget.jdbc.*), memory (lost at restart).")
        String budget_store() default "file";

        @AttributeDefinition(description = "The ledger file of the file store. Default: data/ledger.txt in the node's base folder.", required = false)
        String budget_file();

        @AttributeDefinition(description = "The postgresql store's JDBC URL, e.g. jdbc:postgresql://db.example:5432/liop.", required = false)
        String budget_jdbc_url();

        @AttributeDefinition(description = "The postgresql store's database user, unless the URL carries it.", required = false)
        String budget_jdbc_user();

        @AttributeDefinition(description = "The postgresql store's password, unless the URL carries it.", type = AttributeType.PASSWORD, required = false)
        String budget_jdbc_password();

        @AttributeDefinition(description = "The postgresql store's table (schema.table allowed), created if missing; node processes sharing it share budgets.")
        String budget_jdbc_table() default PostgresLedger.DEFAULT_TABLE;

        @AttributeDefinition(description = "Key names that never leave, in any case or spelling, besides the fields dictionaries classify forbidden.", required = false)
        String[] egress_forbidden_keys();

        @AttributeDefinition(description = "How output keys match forbidden names: exact (SSN, s_s_n), words (also ssn_hash, patientSSN) or contains (any substring).")
        String egress_key_match() default "words";

        @AttributeDefinition(description = "Forbidden values shorter than this (letters and digits) only match a whole value, not a part of a text.")
        int egress_value_min_length() default 4;

        @AttributeDefinition(description = "Whether outputs must be aggregates (groups with counts), node-wide; datasets may set their own.")
        boolean aggregation_required() default false;

        @AttributeDefinition(description = "The smallest group an aggregate may show (k).")
        int aggregation_k() default 5;

        @AttributeDefinition(description = "When numbers get differential-privacy noise: threshold (datasets under dp.threshold.records), always, off.")
        String dp_mode() default "threshold";

        @AttributeDefinition(description = "Datasets with fewer records than this get noise in threshold mode.")
        long dp_threshold_records() default 50;

        @AttributeDefinition(description = "One query's privacy loss (epsilon), split over the numbers it releases.")
        double dp_epsilon() default 1.0;

        @AttributeDefinition(description = "An agent's total privacy loss on one dataset.")
        double dp_epsilon_agent_max() default 10.0;

        @AttributeDefinition(description = "A dataset's total privacy loss across all agents (colluding agents add up).")
        double dp_epsilon_dataset_max() default 100.0;

        @AttributeDefinition(description = "The sensitivity of numeric fields whose dictionary gives none.")
        double dp_sensitivity_default() default 1.0;
    }

    private final BundleContext context;
    private final JdbcDrivers jdbcDrivers;
    private volatile NodePolicy policy = NodePolicy.DEFAULT;
    private volatile Budgets budgets;
    private volatile Ledger ledger;
    private volatile String storeSetting = "";

    @Activate
    public PolicyComponent(BundleContext context, Config config, @Reference JdbcDrivers jdbcDrivers) {
        this.context = context;
        this.jdbcDrivers = jdbcDrivers;
        configure(config);
    }

    @Deactivate
    void closeStore() {
        ledger.close();
    }

    @Modified
    void configure(Config config) {
        try {
            policy = toPolicy(config);
            LOG.log(INFO, "policy: budgets " + policy.budgets() + " per " + policy.window().length() + ", aggregation "
                    + (policy.aggregationRequired() ? "required (k=" + policy.minGroupSize() + ")" : "optional") + ", dp " + policy.dpMode().name().toLowerCase()
                    + " (epsilon " + policy.epsilon() + ")");
        } catch (IllegalArgumentException | DateTimeParseException e) {
            LOG.log(ERROR, "liop.policy configuration rejected, keeping the previous policy: " + e.getMessage());
        }
        String store = String.join("|", config.budget_store(), config.budget_file(), config.budget_jdbc_url(), config.budget_jdbc_user(),
                config.budget_jdbc_password(), config.budget_jdbc_table());
        // A store that failed (budgets fell back to memory) is opened again on any change of liop.policy.
        boolean storeLost = budgets != null && !budgets.persistent() && !"memory".equals(String.valueOf(config.budget_store()).strip());
        if (budgets == null || !store.equals(storeSetting) || storeLost) {
            Ledger previous = ledger;
            ledger = openLedger(config);
            budgets = new Budgets(ledger, Clock.systemUTC());
            storeSetting = store;
            LOG.log(INFO, "budgets kept in " + budgets.store());
            if (previous != null) {
                previous.close(); // requests in flight may still charge it: closing only drops idle connections
            }
        }
    }

    @Override
    public NodePolicy policy() {
        return policy;
    }

    @Override
    public Budgets budgets() {
        return budgets;
    }

    private Ledger openLedger(Config config) {
        String store = config.budget_store() == null ? "file" : config.budget_store().strip();
        if (store.equals("memory")) {
            return new MemoryLedger();
        }
        if (store.equals("postgresql")) {
            return openPostgres(config);
        }
        if (!store.equals("file")) {
            LOG.log(ERROR, "BUDGET STORE '" + store + "' is unknown (use file, postgresql or memory); budgets now in memory only");
            return new MemoryLedger();
        }
        Path file = config.budget_file() != null && !config.budget_file().isBlank()
                ? Path.of(config.budget_file())
                : defaultLedgerFile();
        try {
            return new FileLedger(file);
        } catch (LedgerException e) {
            LOG.log(ERROR, "BUDGET STORE FAILED, budgets now in memory only (counts start again from zero and are lost at restart): " + e.getMessage());
            return new MemoryLedger();
        }
    }

    private Ledger openPostgres(Config config) {
        JdbcTarget database = new JdbcTarget(config.budget_jdbc_url(), config.budget_jdbc_user(), config.budget_jdbc_password());
        try {
            database.validated("budget.jdbc.url");
            if (!database.url().startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("budget.store = postgresql needs a jdbc:postgresql: URL in budget.jdbc.url, not " + database.describe());
            }
            PostgresLedger store = new PostgresLedger(() -> jdbcDrivers.dataSource(database), database.describe(), config.budget_jdbc_table());
            // Opening may wait for the driver bundle, which may start after this one: never on SCR's
            // thread. Until it is open, a query opens it itself.
            Thread.ofVirtual().name("liop-budget-store").start(() -> {
                try {
                    store.open();
                } catch (LedgerException e) {
                    LOG.log(ERROR, "BUDGET STORE FAILED to open (the first query tries again; if that fails too, budgets go to memory): "
                            + database.scrub(e.getMessage()));
                }
            });
            return store;
        } catch (LedgerException | IllegalArgumentException e) {
            LOG.log(ERROR, "BUDGET STORE FAILED, budgets now in memory only (counts start again from zero and are lost at restart): "
                    + database.scrub(e.getMessage()));
        }
        return new MemoryLedger();
    }

    private Path defaultLedgerFile() {
        String base = context.getProperty("liop.base");
        return base != null ? Path.of(base, "data", "ledger.txt") : context.getDataFile("ledger.txt").toPath();
    }

    static NodePolicy toPolicy(Config c) {
        return new NodePolicy(
                new BudgetLimits(c.budget_forbidden(), c.budget_sensitive(), c.budget_public(), c.budget_uniform()),
                new BudgetWindow(Duration.parse(c.budget_window().strip())),
                new EgressFilter.Rules(new HashSet<>(Arrays.asList(c.egress_forbidden_keys() == null ? new String[0] : c.egress_forbidden_keys())),
                        KeyMatch.parse(c.egress_key_match())),
                c.egress_value_min_length(),
                c.aggregation_required(),
                c.aggregation_k(),
                DpMode.parse(c.dp_mode()),
                c.dp_threshold_records(),
                c.dp_epsilon(),
                c.dp_epsilon_agent_max(),
                c.dp_epsilon_dataset_max(),
                c.dp_sensitivity_default());
    }
}
