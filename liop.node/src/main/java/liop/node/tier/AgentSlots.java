package liop.node.tier;

import java.util.concurrent.ConcurrentHashMap;
import liop.api.node.AgentIdentity;

/**
 * Executions each agent has running, so that no single agent takes all of the node's slots. An
 * agent over its tier's limit is turned away at once rather than queued: it is the one that can wait.
 */
public final class AgentSlots {

    private final ConcurrentHashMap<AgentIdentity, Integer> running = new ConcurrentHashMap<>();

    /** Takes a slot for {@code agent} if it has fewer than {@code limit} running. */
    public boolean tryAcquire(AgentIdentity agent, int limit) {
        boolean[] taken = {false};
        running.compute(agent, (a, count) -> {
            int current = count == null ? 0 : count;
            if (current >= limit) {
                return count;
            }
            taken[0] = true;
            return current + 1;
        });
        return taken[0];
    }

    public void release(AgentIdentity agent) {
        running.computeIfPresent(agent, (a, count) -> count <= 1 ? null : count - 1);
    }

    public int running(AgentIdentity agent) {
        return running.getOrDefault(agent, 0);
    }
}
