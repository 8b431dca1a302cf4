package liop.node.tier;

import java.util.List;
import java.util.Objects;
import liop.api.node.AgentIdentity;

/**
 * What an agent may spend, by the tier it belongs to.
 *
 * @param name the tier's name, shown in errors and logs
 * @param agents who belongs: {@code peer:12D3KooW...} (one identity), {@code peer:*} (every agent
 *     of a scheme), {@code *} (everyone)
 * @param fuelLimit fuel one execution may burn
 * @param executionsPerAgent executions one agent of the tier may have running at once
 */
public record Tier(String name, List<String> agents, long fuelLimit, int executionsPerAgent) {

    public Tier {
        Objects.requireNonNull(name, "name");
        agents = List.copyOf(agents);
        if (fuelLimit < 1) {
            throw new IllegalArgumentException("tier " + name + ": fuel.limit must be positive, got " + fuelLimit);
        }
        if (executionsPerAgent < 1) {
            throw new IllegalArgumentException("tier " + name + ": executions.per.agent must be at least 1, got " + executionsPerAgent);
        }
    }

    /**
     * How specifically this tier names {@code agent}: 3 by its exact identity, 2 by its scheme, 1 by
     * {@code *}, 0 not at all. The most specific tier wins.
     */
    public int specificity(AgentIdentity agent) {
        int best = 0;
        for (String pattern : agents) {
            String p = pattern.strip();
            if (p.equals(agent.toString())) {
                best = Math.max(best, 3);
            } else if (p.equals(agent.scheme() + ":*")) {
                best = Math.max(best, 2);
            } else if (p.equals("*")) {
                best = Math.max(best, 1);
            }
        }
        return best;
    }
}
