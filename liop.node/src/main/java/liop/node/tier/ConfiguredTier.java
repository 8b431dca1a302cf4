package liop.node.tier;

import java.util.Arrays;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One agent tier, a factory configuration {@code liop.tier~NAME} (file {@code etc/liop.tier-NAME.cfg}).
 * Agents no tier names get the default tier of the {@code liop.node} configuration. A tier whose
 * settings are out of range is left out, with the reason logged.
 */
@Component(service = ConfiguredTier.class, immediate = true, configurationPid = ConfiguredTier.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ConfiguredTier.Config.class, factory = true)
public final class ConfiguredTier {

    public static final String FACTORY_PID = "liop.tier";
    private static final System.Logger LOG = System.getLogger(ConfiguredTier.class.getName());

    @ObjectClassDefinition(name = "LIOP agent tier", description = "What the agents of a tier may spend per execution.")
    public @interface Config {
        @AttributeDefinition(description = "The tier's name, shown in errors and logs.")
        String name();

        @AttributeDefinition(description = "Who belongs: peer:12D3KooW... (one agent), did:key:z6Mk..., local:alice, peer:* (every agent of a scheme), * (everyone). The most specific tier wins.")
        String[] agents();

        @AttributeDefinition(description = "Fuel one execution may burn (about 1 unit per WebAssembly instruction).")
        long fuel_limit() default 5_000_000_000L;

        @AttributeDefinition(description = "Executions one agent of the tier may have running at once.")
        int executions_per_agent() default 8;
    }

    private volatile Tier tier;

    @Activate
    @Modified
    void configure(Config config) {
        try {
            tier = new Tier(config.name() == null ? "" : config.name().strip(), Arrays.asList(config.agents() == null ? new String[0] : config.agents()),
                    config.fuel_limit(), config.executions_per_agent());
            LOG.log(System.Logger.Level.INFO, "tier " + tier.name() + ": fuel.limit " + tier.fuelLimit() + ", executions.per.agent " + tier.executionsPerAgent() + ", agents " + tier.agents());
        } catch (IllegalArgumentException e) {
            tier = null;
            LOG.log(System.Logger.Level.ERROR, "liop.tier configuration rejected: " + e.getMessage());
        }
    }

    /** The tier, or empty when its configuration was rejected. */
    public Optional<Tier> tier() {
        return Optional.ofNullable(tier);
    }
}
