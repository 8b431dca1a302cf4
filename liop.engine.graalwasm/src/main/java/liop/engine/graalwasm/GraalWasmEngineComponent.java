package liop.engine.graalwasm;

import liop.api.engine.WasmEngine;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The GraalWasm engine: registered as {@link WasmEngine} {@code graalwasm} as soon as the bundle
 * starts, with no configuration needed, on whichever Truffle runtime the JVM offers. Operators tune
 * it with the configuration {@value #PID} (e.g. {@code etc/liop.engine.graalwasm.cfg}) and make the
 * node use it with a higher {@code service.ranking} or the node's {@code engine.target}.
 *
 * <p>Starting the engine loads Truffle and the wasm language, about a second on a cold JVM.
 */
@Component(configurationPid = GraalWasmEngineComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EngineConfig.class)
public final class GraalWasmEngineComponent {

    public static final String PID = "liop.engine.graalwasm";

    private final EngineService service;

    @Activate
    public GraalWasmEngineComponent(BundleContext context, EngineConfig config) {
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
