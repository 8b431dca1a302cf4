package liop.engine.chicory;

import liop.api.engine.WasmEngine;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The default Chicory engine: registered as {@link WasmEngine} {@code chicory}, in compiler mode, as
 * soon as the bundle starts, with no configuration needed. Operators tune it with the singleton
 * configuration {@value #PID} (e.g. {@code etc/liop.engine.chicory.cfg}).
 *
 * <p><b>More engines from the same bundle</b> are factory configurations of the separate component
 * {@link ExtraChicoryEngineComponent} (factory PID {@value ExtraChicoryEngineComponent#FACTORY_PID}),
 * e.g. {@code etc/liop.engine.chicory.extra~interpreter.cfg} containing {@code mode=interpreter}
 * registers a second engine named {@code chicory-interpreter}, next to the default one.
 *
 * <p>Why not factory configurations of {@value #PID} itself: Felix SCR 2.2 hands the first factory
 * configuration of a PID to the component instance that was running without configuration (tried
 * with SCR 2.2.18: after adding {@code liop.engine.chicory~interpreter} only {@code
 * chicory-interpreter} was left), so it would <em>replace</em> the default engine rather than add
 * one; and SCR refuses a PID that has both a singleton and factory configurations. Two components
 * keep "the default, plus any extras" true whatever the operator adds.
 */
@Component(configurationPid = ChicoryEngineComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EngineConfig.class)
public final class ChicoryEngineComponent {

    public static final String PID = "liop.engine.chicory";

    private final EngineService service;

    @Activate
    public ChicoryEngineComponent(BundleContext context, EngineConfig config) {
        this.service = EngineService.register(context, EngineSettings.of(config));
    }

    @Modified
    void modified(EngineConfig config) {
        service.update(EngineSettings.of(config));
    }

    /** Unregisters the engine, then waits (bounded) for its runs in flight. */
    @Deactivate
    void deactivate() {
        service.close();
    }
}
