package liop.node.policy;

import liop.node.budget.BudgetLimits;

/**
 * What one dataset sets differently from the node-wide policy; null means "as the node", field by
 * field (a dataset raising its sensitive budget keeps the node's forbidden one).
 */
public record DatasetPolicy(
        Long budgetForbidden,
        Long budgetSensitive,
        Long budgetPublic,
        Long budgetUniform,
        Boolean aggregationRequired,
        Integer minGroupSize,
        DpMode dpMode,
        Double epsilon,
        Double epsilonDatasetMax) {

    public static final DatasetPolicy INHERIT = new DatasetPolicy(null, null, null, null, null, null, null, null, null);

    /** Only differential privacy changed: for tests and tools. */
    public static DatasetPolicy dp(DpMode mode) {
        return new DatasetPolicy(null, null, null, null, null, null, mode, null, null);
    }

    /** Only aggregation changed. */
    public static DatasetPolicy aggregation(boolean required, int minGroupSize) {
        return new DatasetPolicy(null, null, null, null, required, minGroupSize, null, null, null);
    }

    BudgetLimits budgetsOver(BudgetLimits node) {
        return new BudgetLimits(
                budgetForbidden != null ? budgetForbidden : node.forbidden(),
                budgetSensitive != null ? budgetSensitive : node.sensitive(),
                budgetPublic != null ? budgetPublic : node.open(),
                budgetUniform != null ? budgetUniform : node.uniform());
    }
}
