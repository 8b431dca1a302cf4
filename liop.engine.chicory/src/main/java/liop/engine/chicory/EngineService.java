package liop.engine.chicory;

import static java.lang.System.Logger.Level.INFO;

import java.time.Duration;
import liop.api.engine.WasmEngine;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * One engine registered as a {@link WasmEngine} service. The components register it themselves,
 * rather than letting DS do it, because the service property {@value WasmEngine#NAME_PROPERTY} is
 * computed from the configuration.
 *
 * <p>Going away (component deactivated, configuration changed or deleted, bundle stopped) follows
 * the rule that a swap never fails a request: the service is unregistered first, so no new request
 * picks the engine, then the runs in flight get up to {@link #DRAIN_TIMEOUT} to finish.
 */
final class EngineService {

    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(EngineService.class.getName());

    private final BundleContext context;
    private EngineSettings settings;
    private ChicoryEngine engine;
    private ServiceRegistration<WasmEngine> registration;

    private EngineService(BundleContext context, EngineSettings settings) {
        this.context = context;
        this.settings = settings;
        this.engine = settings.newEngine();
        this.registration = context.registerService(WasmEngine.class, engine, settings.serviceProperties());
        LOG.log(INFO, "engine {0} registered with service.ranking {1}", engine, settings.serviceRanking());
    }

    static EngineService register(BundleContext context, EngineSettings settings) {
        return new EngineService(context, settings);
    }

    /**
     * Applies new settings, always registering before unregistering so that no request finds the
     * engine missing. A new ranking re-registers the same engine: Felix SCR rebinds a greedy
     * reference to a better-ranked service when one is registered, not when an existing one's
     * ranking is modified in place. A new name, mode or cache limit registers a new engine and then
     * retires the old one.
     */
    synchronized void update(EngineSettings updated) {
        if (updated.sameEngineAs(settings)) {
            ServiceRegistration<WasmEngine> oldRegistration = registration;
            registration = context.registerService(WasmEngine.class, engine, updated.serviceProperties());
            settings = updated;
            unregister(oldRegistration);
            LOG.log(INFO, "engine {0} re-registered with service.ranking {1}", engine, updated.serviceRanking());
            return;
        }
        ServiceRegistration<WasmEngine> oldRegistration = registration;
        ChicoryEngine oldEngine = engine;
        settings = updated;
        engine = updated.newEngine();
        registration = context.registerService(WasmEngine.class, engine, updated.serviceProperties());
        LOG.log(INFO, "engine {0} registered to replace {1}", engine, oldEngine);
        retire(oldRegistration, oldEngine);
    }

    synchronized void close() {
        retire(registration, engine);
    }

    private static void retire(ServiceRegistration<WasmEngine> registration, ChicoryEngine engine) {
        unregister(registration);
        engine.close(DRAIN_TIMEOUT);
    }

    private static void unregister(ServiceRegistration<WasmEngine> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it while stopping the bundle
        }
    }
}
