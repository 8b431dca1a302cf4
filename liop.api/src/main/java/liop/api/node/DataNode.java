package liop.api.node;

import org.osgi.annotation.versioning.ProviderType;

/** The pipeline entry point. Thread-safe; every call is independent. */
@ProviderType
public interface DataNode {

    /**
     * Runs an agent's module through the whole pipeline. Never throws for a bad request or a bad
     * module: the result says how the execution ended.
     *
     * @param request the module and what it asks for
     * @param caller the identity the transport verified; budgets and policy are bound to it
     */
    LogicResult execute(LogicRequest request, AgentIdentity caller);

    /** What this node offers: engines, datasets and the capabilities its manifest grants. */
    NodeDescription describe(AgentIdentity caller);
}
