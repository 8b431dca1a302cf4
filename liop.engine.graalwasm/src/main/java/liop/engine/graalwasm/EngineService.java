package liop.engine.graalwasm;

import static java.lang.System.Logger.Level.INFO;

import java.time.Duration;
import liop.api.engine.WasmEngine;
import liop.engine.support.service.EngineRegistration;
import org.osgi.framework.BundleContext;

/**
 * The engine registered as a {@link WasmEngine} service. The component registers it itself, rather
 * than letting DS do it, because the service properties {@value WasmEngine#NAME_PROPERTY} and
 * {@value EngineSettings#MODE_PROPERTY} come from the configuration and from the JVM.
 *
 * <p>Keeping it registered through changes of the settings, and retiring it, is {@link
 * EngineRegistration}'s: going away (component deactivated, configuration changed or deleted,
 * bundle stopped) follows the rule that a swap never fails a request: the service is unregistered
 * first, so no new request picks the engine, then the runs in flight get up to {@link
 * #DRAIN_TIMEOUT} to finish.
 */
final class EngineService {

    static final Duration DRAIN_TIMEOUT = EngineRegistration.DRAIN_TIMEOUT;
    private static final System.Logger LOG = System.getLogger(EngineService.class.getName());

    private final EngineRegistration<GraalWasmEngine, EngineSettings> registration;

    private EngineService(BundleContext context, EngineSettings settings) {
        this.registration = new EngineRegistration<>(context, LOG, settings);
        GraalWasmEngine engine = registration.engine();
        LOG.log(INFO, "engine {0} registered with service.ranking {1} on the {2} runtime",
                engine, settings.serviceRanking(), engine.runtimeName());
    }

    static EngineService register(BundleContext context, EngineSettings settings) {
        return new EngineService(context, settings);
    }

    /**
     * Applies new settings, always registering before unregistering so that no request finds the
     * engine missing (see {@link EngineRegistration#update}).
     */
    void update(EngineSettings updated) {
        registration.update(updated);
    }

    void close() {
        registration.close();
    }
}
