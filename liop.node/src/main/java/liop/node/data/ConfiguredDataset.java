package liop.node.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import liop.node.jdbc.JdbcDrivers;
import liop.node.jdbc.JdbcTarget;
import liop.node.policy.DatasetPolicy;
import liop.node.policy.DpMode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One dataset, configured through Config Admin with the factory PID {@code liop.dataset} (e.g. a file
 * {@code etc/liop.dataset-patients.cfg}, which fileinstall turns into {@code liop.dataset~patients}). A dataset that fails to load stays registered with its
 * error, so requests for it are answered with the reason instead of "unknown dataset", and the
 * rest of the node keeps serving. Editing the configuration reloads it without a restart.
 */
@Component(service = ConfiguredDataset.class, immediate = true, configurationPid = ConfiguredDataset.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ConfiguredDataset.Config.class, factory = true)
public final class ConfiguredDataset {

    public static final String FACTORY_PID = "liop.dataset";
    private static final System.Logger LOG = System.getLogger(ConfiguredDataset.class.getName());

    @ObjectClassDefinition(name = "LIOP dataset", description = "A dataset modules may read when the manifest grants it.")
    public @interface Config {
        @AttributeDefinition(description = "The name capabilities use, e.g. patients for dataset:patients{age}.")
        String name();

        @AttributeDefinition(description = "Absolute path of the file holding the records (not for format jdbc).", required = false)
        String path();

        @AttributeDefinition(description = "File format: json (an array of objects), jsonl (one object per line), csv (header row), or auto (from the extension); jdbc: rows of a database (jdbc.* settings).")
        String format() default "auto";

        @AttributeDefinition(description = "Format jdbc: the database's JDBC URL, e.g. jdbc:h2:/srv/data/visits;ACCESS_MODE_DATA=r;IFEXISTS=TRUE or jdbc:postgresql://db:5432/clinic.", required = false)
        String jdbc_url();

        @AttributeDefinition(description = "Format jdbc: the database user, unless the URL carries it.", required = false)
        String jdbc_user();

        @AttributeDefinition(description = "Format jdbc: the database password, unless the URL carries it.", type = AttributeType.PASSWORD, required = false)
        String jdbc_password();

        @AttributeDefinition(description = "Format jdbc: a table or view to read whole (schema.table allowed; case as you like). Either this or jdbc.query.", required = false)
        String jdbc_table();

        @AttributeDefinition(description = "Format jdbc: a SELECT whose rows are the records, one field per column. Either this or jdbc.table.", required = false)
        String jdbc_query();

        @AttributeDefinition(description = "What the dataset holds, shown to agent developers by Describe.")
        String description() default "";

        @AttributeDefinition(description = "A data dictionary file (JSON, see liop:dictionary) declaring fields' classification, type, description and sensitivity; fields it leaves out are inferred.", required = false)
        String dictionary();

        @AttributeDefinition(description = "Fields whose values never leave the node, in addition to the dictionary's.", required = false)
        String[] classify_forbidden();

        @AttributeDefinition(description = "Fields that leave only as aggregates, in addition to the dictionary's.", required = false)
        String[] classify_sensitive();

        @AttributeDefinition(description = "Fields declared public, overriding what their names suggest.", required = false)
        String[] classify_public();

        @AttributeDefinition(description = "Queries per window on this dataset's forbidden fields; -1: as liop.policy.")
        long budget_forbidden() default -1;

        @AttributeDefinition(description = "Queries per window on this dataset's sensitive fields; -1: as liop.policy.")
        long budget_sensitive() default -1;

        @AttributeDefinition(description = "Queries per window on this dataset's public fields; -1: as liop.policy.")
        long budget_public() default -1;

        @AttributeDefinition(description = "Queries per window on every field of this dataset, whatever its classification; -1: as liop.policy.")
        long budget_uniform() default -1;

        @AttributeDefinition(description = "Whether outputs from this dataset must be aggregates: true, false, or empty for as liop.policy.")
        String aggregation_required() default "";

        @AttributeDefinition(description = "The smallest group this dataset's aggregates may show; -1: as liop.policy.")
        int aggregation_k() default -1;

        @AttributeDefinition(description = "Differential privacy for this dataset: threshold, always, off, or empty for as liop.policy.")
        String dp_mode() default "";

        @AttributeDefinition(description = "One query's epsilon on this dataset; -1: as liop.policy.")
        double dp_epsilon() default -1;

        @AttributeDefinition(description = "This dataset's total epsilon across all agents; -1: as liop.policy.")
        double dp_epsilon_dataset_max() default -1;
    }

    /** Either a dataset or the reason there is none; one field, so readers never see a mix. */
    private record State(String name, Dataset dataset, DatasetPolicy policy, String problem) {}

    private volatile State state = new State("", null, DatasetPolicy.INHERIT, "not configured yet");

    @Reference
    private JdbcDrivers jdbcDrivers;

    @Activate
    @Modified
    void load(Config config) {
        String name = config.name() == null ? "" : config.name().strip();
        boolean jdbc = "jdbc".equalsIgnoreCase(config.format() == null ? "" : config.format().strip());
        if (name.isEmpty() || (!jdbc && (config.path() == null || config.path().isBlank()))) {
            fail(name, "a liop.dataset configuration needs both name and path (or format = jdbc and jdbc.url)");
            return;
        }
        try {
            long started = System.nanoTime();
            Dataset loaded = jdbc
                    ? loadFromDatabase(name, config)
                    : DatasetLoader.load(name, config.description(), Path.of(config.path()), DatasetFormat.parse(config.format()), declared(config));
            state = new State(name, loaded, policy(config), null);
            LOG.log(System.Logger.Level.INFO, "dataset " + name + ": " + loaded.records().size() + " records, fields " + loaded.fields() + ", loaded from " + loaded.source() + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        } catch (DatasetException | IllegalArgumentException e) {
            // also a bad dp.mode or budget override: the dataset is not served on a policy it did not ask for
            fail(name, e.getMessage());
        }
    }

    private Dataset loadFromDatabase(String name, Config config) throws DatasetException {
        JdbcTarget database = new JdbcTarget(config.jdbc_url(), config.jdbc_user(), config.jdbc_password()).validated("jdbc.url");
        JdbcDatasetLoader.Selection rows = JdbcDatasetLoader.Selection.of(config.jdbc_table(), config.jdbc_query());
        return JdbcDatasetLoader.load(name, config.description(), jdbcDrivers, database, rows, declared(config));
    }

    private static DatasetPolicy policy(Config c) {
        String aggregation = c.aggregation_required() == null ? "" : c.aggregation_required().strip();
        String dp = c.dp_mode() == null ? "" : c.dp_mode().strip();
        return new DatasetPolicy(orNull(c.budget_forbidden()), orNull(c.budget_sensitive()), orNull(c.budget_public()), orNull(c.budget_uniform()),
                aggregation.isEmpty() ? null : Boolean.parseBoolean(aggregation),
                c.aggregation_k() > 0 ? c.aggregation_k() : null,
                dp.isEmpty() ? null : DpMode.parse(dp),
                c.dp_epsilon() > 0 ? c.dp_epsilon() : null,
                c.dp_epsilon_dataset_max() > 0 ? c.dp_epsilon_dataset_max() : null);
    }

    /** Negative means "as liop.policy". */
    private static Long orNull(long value) {
        return value >= 0 ? value : null;
    }

    /** The dictionary file's entries, then the classify.* lists on top of them. */
    private static Map<String, FieldInfo> declared(Config config) throws DatasetException {
        Map<String, FieldInfo> declared = new LinkedHashMap<>();
        if (config.dictionary() != null && !config.dictionary().isBlank()) {
            declared.putAll(DictionaryFile.read(Path.of(config.dictionary())));
        }
        classify(declared, config.classify_forbidden(), Classification.FORBIDDEN);
        classify(declared, config.classify_sensitive(), Classification.SENSITIVE);
        classify(declared, config.classify_public(), Classification.PUBLIC);
        return declared;
    }

    private static void classify(Map<String, FieldInfo> declared, String[] fields, Classification classification) {
        if (fields == null) {
            return;
        }
        for (String field : fields) {
            String name = field.strip();
            if (!name.isEmpty()) {
                FieldInfo given = declared.get(name);
                declared.put(name, given == null
                        ? new FieldInfo(name, "", "", classification, 0, true)
                        : new FieldInfo(name, given.type(), given.description(), classification, given.sensitivity(), true));
            }
        }
    }

    private void fail(String name, String message) {
        state = new State(name, null, DatasetPolicy.INHERIT, message);
        LOG.log(System.Logger.Level.ERROR, message);
    }

    public String name() {
        return state.name();
    }

    /** The loaded dataset, or empty when loading failed (see {@link #problem()}). */
    public Optional<Dataset> dataset() {
        return Optional.ofNullable(state.dataset());
    }

    /** What this dataset sets differently from the node-wide policy. */
    public DatasetPolicy policy() {
        return state.policy();
    }

    /** Why the dataset is not available, or empty when it is. */
    public Optional<String> problem() {
        return Optional.ofNullable(state.problem());
    }
}
