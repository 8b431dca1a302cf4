package liop.engine.chicory;

import java.util.Map;
import liop.api.engine.WasmEngine;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * An extra Chicory engine, one per factory configuration of {@value #FACTORY_PID}, next to the
 * default engine of {@link ChicoryEngineComponent}. For example {@code
 * etc/liop.engine.chicory.extra~interpreter.cfg}:
 *
 * <pre>
 * mode=interpreter
 * service.ranking=-10
 * </pre>
 *
 * registers a {@link WasmEngine} named {@code chicory-interpreter} (the name defaults to
 * {@code chicory-} and the factory configuration's name; set {@code name} to choose another). The
 * node keeps using the highest-ranked engine unless its {@code engine.target} selects this one, e.g.
 * {@code (liop.engine.name=chicory-interpreter)}. Deleting the file unregisters the engine once its
 * runs in flight have finished.
 */
@Component(configurationPid = ExtraChicoryEngineComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ExtraEngineConfig.class, factory = true)
public final class ExtraChicoryEngineComponent {

    public static final String FACTORY_PID = "liop.engine.chicory.extra";

    private final EngineService service;

    @Activate
    public ExtraChicoryEngineComponent(BundleContext context, ExtraEngineConfig config, Map<String, Object> properties) {
        this.service = EngineService.register(context, settings(config, properties));
    }

    @Modified
    void modified(ExtraEngineConfig config, Map<String, Object> properties) {
        service.update(settings(config, properties));
    }

    @Deactivate
    void deactivate() {
        service.close();
    }

    static EngineSettings settings(ExtraEngineConfig config, Map<String, Object> properties) {
        String name = config.name().isBlank() ? defaultName(properties) : config.name().strip();
        return new EngineSettings(name, ExecutionMode.parse(config.mode()), config.cache_size(), config.cache_max_bytes(),
                config.service_ranking());
    }

    /** {@code chicory-interpreter} for the configuration {@code liop.engine.chicory.extra~interpreter}. */
    private static String defaultName(Map<String, Object> properties) {
        String pid = String.valueOf(properties.get(Constants.SERVICE_PID));
        int tilde = pid.indexOf('~');
        if (tilde < 0) {
            throw new IllegalArgumentException("configuration " + pid + " gives the extra engine no name: set name, "
                    + "or create the configuration with a name, as " + FACTORY_PID + "~<name>");
        }
        return ChicoryEngine.DEFAULT_NAME + "-" + pid.substring(tilde + 1);
    }
}
