package liop.node.tier;

import java.util.Comparator;
import java.util.List;
import liop.api.node.AgentIdentity;

/** Finds the tier of an agent: the configured tier naming it most specifically, else the default. */
public final class Tiers {

    private final Tier defaultTier;
    private final List<Tier> configured;

    public Tiers(Tier defaultTier, List<Tier> configured) {
        this.defaultTier = defaultTier;
        // Ties between equally specific tiers go to the first name, so the choice never depends on
        // the order Config Admin happened to deliver the configurations in.
        this.configured = configured.stream().sorted(Comparator.comparing(Tier::name)).toList();
    }

    public Tier of(AgentIdentity agent) {
        Tier best = defaultTier;
        int bestSpecificity = 0;
        for (Tier tier : configured) {
            int specificity = tier.specificity(agent);
            if (specificity > bestSpecificity) {
                best = tier;
                bestSpecificity = specificity;
            }
        }
        return best;
    }
}
