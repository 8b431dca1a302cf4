package liop.node.policy;

import liop.node.budget.BudgetLimits;

/**
 * What one dataset sets differently from the node-wide policy; null means "as the node".
 */
public record DatasetPolicy(BudgetLimits budgets, Boolean aggregationRequired, Integer minGroupSize, DpMode dpMode, Double epsilon, Double epsilonDatasetMax) {
    public static final DatasetPolicy INHERIT = new DatasetPolicy(null, null, null, null, null, null);
}
