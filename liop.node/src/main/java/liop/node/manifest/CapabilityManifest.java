package liop.node.manifest;

import java.util.Arrays;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The operator's capability manifest, from Config Admin (PID {@code liop.manifest}). Without a
 * configuration nothing is granted. Changes apply to the next request; nothing restarts.
 */
@Component(service = CapabilityManifest.class, immediate = true, configurationPid = CapabilityManifest.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CapabilityManifest.Config.class)
public final class CapabilityManifest {

    public static final String PID = "liop.manifest";
    private static final System.Logger LOG = System.getLogger(CapabilityManifest.class.getName());

    @ObjectClassDefinition(name = "LIOP capability manifest", description = "What modules on this node may be granted. Nothing is granted unless listed.")
    public @interface Config {
        @AttributeDefinition(description = "Capabilities granted, e.g. dataset:patients{*}, dataset:patients{age,condition}, fs.read:/var/log/app, stream:vitals, clock, random.")
        String[] grants() default {};
    }

    private volatile Grants grants = Grants.NONE;

    @Activate
    @Modified
    void configure(Config config) {
        Grants parsed = Grants.parse(Arrays.asList(config.grants()));
        parsed.problems().forEach(p -> LOG.log(System.Logger.Level.WARNING, "manifest: " + p));
        LOG.log(System.Logger.Level.INFO, "manifest grants " + (parsed.texts().isEmpty() ? "nothing" : String.join(" ", parsed.texts())));
        grants = parsed;
    }

    public Grants grants() {
        return grants;
    }

    public List<String> problems() {
        return grants.problems();
    }
}
