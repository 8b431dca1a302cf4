package liop.node.budget;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import liop.api.node.AgentIdentity;
import liop.node.data.Classification;
import liop.node.data.DataDictionary;
import liop.node.ledger.Ledger;
import liop.node.ledger.LedgerException;
import liop.node.ledger.MemoryLedger;

/**
 * Query budgets and privacy-loss accounts, charged before a module runs (so a crash mid-run never
 * gives a free query) and all or nothing (a query over budget on one field costs nothing at all).
 *
 * <ul>
 *   <li>Query budgets: per agent identity × dataset × field, one unit per declared field per query,
 *       limited by the field's classification, counted per {@link BudgetWindow}.
 *   <li>Privacy loss: the query's epsilon, added to the agent's account on the dataset and to the
 *       dataset's account across all agents (colluding agents add up their epsilon), each with its
 *       own total. Kept in millionths of epsilon so sums are exact.
 * </ul>
 *
 * If the store fails, budgets carry on in memory and the node says so loudly, once; with no
 * persistence an exhausted budget answers "Rotate PQC session to reset budget".
 */
public final class Budgets {

    private static final System.Logger LOG = System.getLogger(Budgets.class.getName());
    static final long MICROS = 1_000_000;
    public static final String ROTATE_SESSION = "Rotate PQC session to reset budget";

    private volatile Ledger ledger;
    private final Clock clock;

    public Budgets(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /** What a query asks of the budgets. */
    public record Query(AgentIdentity agent, String dataset, Collection<String> fields, DataDictionary dictionary,
            BudgetLimits limits, BudgetWindow window, double epsilon, double epsilonAgentMax, double epsilonDatasetMax) {}

    /** Charges the query, or says why it may not run. */
    public Optional<String> charge(Query query) {
        long window = query.window().indexAt(clock.instant());
        List<Ledger.Charge> charges = new ArrayList<>();
        for (String field : query.fields()) {
            Classification classification = query.dictionary().classification(field);
            charges.add(new Ledger.Charge(fieldKey(window, query, field), 1, query.limits().of(classification)));
        }
        if (query.epsilon() > 0) {
            long micros = Math.round(query.epsilon() * MICROS);
            charges.add(new Ledger.Charge(agentEpsilonKey(query), micros, Math.round(query.epsilonAgentMax() * MICROS)));
            charges.add(new Ledger.Charge(datasetEpsilonKey(query), micros, Math.round(query.epsilonDatasetMax() * MICROS)));
        }
        Ledger.Outcome outcome = chargeOrFallBack(charges);
        if (outcome instanceof Ledger.Outcome.Refused refused) {
            return Optional.of(explain(refused, query, window));
        }
        return Optional.empty();
    }

    private Ledger.Outcome chargeOrFallBack(List<Ledger.Charge> charges) {
        Ledger current = ledger;
        try {
            return current.charge(charges);
        } catch (LedgerException e) {
            synchronized (this) {
                if (ledger == current) {
                    LOG.log(ERROR, "BUDGET STORE FAILED, budgets now in memory only (counts start again from zero and are lost at restart): "
                            + e.getMessage());
                    ledger = new MemoryLedger();
                }
            }
            try {
                return ledger.charge(charges);
            } catch (LedgerException impossible) {
                throw new IllegalStateException("the memory ledger cannot fail", impossible);
            }
        }
    }

    private String explain(Ledger.Outcome.Refused refused, Query query, long window) {
        String key = refused.charge().key();
        String reset = ledger.persistent()
                ? "; it resets at " + query.window().endOf(window)
                : "; " + ROTATE_SESSION;
        if (key.equals(agentEpsilonKey(query))) {
            return "privacy budget exhausted: this query's epsilon " + query.epsilon() + " would take the privacy loss of agent " + query.agent()
                    + " on dataset " + query.dataset() + " past its total of " + query.epsilonAgentMax() + " (dp.epsilon.agent.max)"
                    + (ledger.persistent() ? "" : "; " + ROTATE_SESSION);
        }
        if (key.equals(datasetEpsilonKey(query))) {
            LOG.log(WARNING, "dataset " + query.dataset() + " has used its total privacy budget across all agents");
            return "privacy budget exhausted: dataset " + query.dataset() + " has released all the privacy loss its total of "
                    + query.epsilonDatasetMax() + " allows across all agents (dp.epsilon.dataset.max); ask the operator";
        }
        String field = key.substring(key.lastIndexOf('/') + 1);
        Classification classification = query.dictionary().classification(field);
        return "query budget exhausted: agent " + query.agent() + " has made its " + refused.charge().limit() + " queries of the "
                + classification.wireName() + " field " + field + " of dataset " + query.dataset() + " this window ("
                + query.limits().settingFor(classification) + ")" + reset;
    }

    /** Values in the ledger, for the shell: keys starting with {@code prefix}. */
    public java.util.Map<String, Long> read(String prefix) throws LedgerException {
        return ledger.read(prefix);
    }

    public boolean persistent() {
        return ledger.persistent();
    }

    public String store() {
        return ledger.describe();
    }

    private static String fieldKey(long window, Query q, String field) {
        return "budget/" + window + "/" + q.agent() + "/" + q.dataset() + "/" + field;
    }

    private static String agentEpsilonKey(Query q) {
        return "epsilon/agent/" + q.agent() + "/" + q.dataset();
    }

    private static String datasetEpsilonKey(Query q) {
        return "epsilon/dataset/" + q.dataset();
    }
}
