package liop.node.policy;

import java.time.Clock;
import liop.node.budget.Budgets;
import liop.node.ledger.MemoryLedger;

/** The output policy in force and the budgets it charges; read once per request. */
public interface Policies {

    NodePolicy policy();

    Budgets budgets();

    /** A fixed policy with budgets in memory: for embedding the pipeline and for tests. */
    static Policies inMemory(NodePolicy policy) {
        Budgets budgets = new Budgets(new MemoryLedger(), Clock.systemUTC());
        return new Policies() {
            @Override
            public NodePolicy policy() {
                return policy;
            }

            @Override
            public Budgets budgets() {
                return budgets;
            }
        };
    }
}
