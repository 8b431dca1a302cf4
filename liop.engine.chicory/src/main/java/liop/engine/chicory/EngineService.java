package liop.engine.chicory;

import static java.lang.System.Logger.Level.INFO;

import java.time.Duration;
import liop.api.engine.WasmEngine;
import liop.engine.support.service.EngineRegistration;
import org.osgi.framework.BundleContext;

/**
 * One engine registered as a {@link WasmEngine} service. The components register it themselves,
 * rather than letting DS do it, because the service property {@value WasmEngine#NAME_PROPERTY} is
 * computed from the configuration.
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

    private final EngineRegistration<ChicoryEngine, EngineSettings> registration;

    private EngineService(BundleContext context, EngineSettings settings) {
        this.registration = new EngineRegistration<>(context, LOG, settings);
        LOG.log(INFO, "engine {0} registered with service.ranking {1}", registration.engine(), settings.serviceRanking());
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
