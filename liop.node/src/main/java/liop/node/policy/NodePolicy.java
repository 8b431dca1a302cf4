package liop.node.policy;

import java.util.Set;
import liop.node.budget.BudgetLimits;
import liop.node.budget.BudgetWindow;

/**
 * What may leave the node, node-wide (Config Admin PID {@code liop.policy}); a dataset may
 * override parts of it (see {@link DatasetPolicy}).
 *
 * @param budgets queries per agent, dataset and field in a window
 * @param window the budget window
 * @param egress forbidden key names and how keys are matched
 * @param valueMinLength normalized forbidden values shorter than this match only whole values
 * @param aggregationRequired whether outputs must be aggregates
 * @param minGroupSize k, the smallest group an aggregate may show
 * @param dpMode when differential privacy applies
 * @param dpThresholdRecords datasets with fewer records get noise in THRESHOLD mode
 * @param epsilon one query's privacy loss
 * @param epsilonAgentMax an agent's total privacy loss on one dataset
 * @param epsilonDatasetMax a dataset's total privacy loss across all agents
 * @param defaultSensitivity the sensitivity of fields the dictionary gives none
 */
public record NodePolicy(
        BudgetLimits budgets,
        BudgetWindow window,
        EgressFilter.Rules egress,
        int valueMinLength,
        boolean aggregationRequired,
        int minGroupSize,
        DpMode dpMode,
        long dpThresholdRecords,
        double epsilon,
        double epsilonAgentMax,
        double epsilonDatasetMax,
        double defaultSensitivity) {

    public static final NodePolicy DEFAULT = new NodePolicy(BudgetLimits.DEFAULT, BudgetWindow.DAY,
            new EgressFilter.Rules(Set.of(), KeyMatch.WORDS), 4, false, 5, DpMode.THRESHOLD, 50, 1.0, 10.0, 100.0, 1.0);

    public NodePolicy {
        if (minGroupSize < 1) {
            throw new IllegalArgumentException("aggregation.k must be at least 1, got " + minGroupSize);
        }
        if (!(epsilon > 0) || !(epsilonAgentMax > 0) || !(epsilonDatasetMax > 0)) {
            throw new IllegalArgumentException("dp.epsilon, dp.epsilon.agent.max and dp.epsilon.dataset.max must be positive");
        }
        if (!(defaultSensitivity > 0)) {
            throw new IllegalArgumentException("dp.sensitivity.default must be positive, got " + defaultSensitivity);
        }
        if (valueMinLength < 1) {
            throw new IllegalArgumentException("egress.value.min.length must be at least 1, got " + valueMinLength);
        }
    }

    /** The default policy with differential privacy off: exact outputs, for tests and tools. */
    public static NodePolicy withoutNoise() {
        return DEFAULT.forDataset(DatasetPolicy.dp(DpMode.OFF));
    }

    /** This policy with a dataset's overrides applied. */
    public NodePolicy forDataset(DatasetPolicy overrides) {
        return new NodePolicy(
                overrides.budgetsOver(budgets),
                window,
                egress,
                valueMinLength,
                overrides.aggregationRequired() != null ? overrides.aggregationRequired() : aggregationRequired,
                overrides.minGroupSize() != null ? overrides.minGroupSize() : minGroupSize,
                overrides.dpMode() != null ? overrides.dpMode() : dpMode,
                dpThresholdRecords,
                overrides.epsilon() != null ? overrides.epsilon() : epsilon,
                epsilonAgentMax,
                overrides.epsilonDatasetMax() != null ? overrides.epsilonDatasetMax() : epsilonDatasetMax,
                defaultSensitivity);
    }

    /** Whether outputs over {@code records} records get noise. */
    public boolean noiseFor(long records) {
        return switch (dpMode) {
            case ALWAYS -> true;
            case OFF -> false;
            case THRESHOLD -> records < dpThresholdRecords;
        };
    }
}
