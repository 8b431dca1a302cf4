package liop.engine.support.service;

import static java.lang.System.Logger.Level.INFO;

import java.time.Duration;
import java.util.Dictionary;
import liop.api.engine.WasmEngine;
import liop.engine.support.run.DrainableEngine;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * One engine registered as a {@link WasmEngine} service, kept registered through changes of its
 * settings: what each engine's {@code EngineService} does, the engine supplying its settings.
 *
 * <p>Going away (component deactivated, configuration changed or deleted, bundle stopped) follows
 * the rule that a swap never fails a request: the service is unregistered first, so no new request
 * picks the engine, then the runs in flight get up to {@link #DRAIN_TIMEOUT} to finish.
 *
 * @param <E> the engine
 * @param <S> its settings
 */
public final class EngineRegistration<E extends DrainableEngine, S extends EngineRegistration.Settings<E, S>> {

    /** How long the runs in flight of an engine going away get to finish. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** What an engine's settings say about the engine and its service. */
    public interface Settings<E, S> {

        E newEngine();

        /** Whether {@code other} describes the same engine, so that only its service properties change. */
        boolean sameEngineAs(S other);

        Dictionary<String, ?> serviceProperties(E engine);

        int serviceRanking();
    }

    private final BundleContext context;
    private final System.Logger log;
    private S settings;
    private E engine;
    private ServiceRegistration<WasmEngine> registration;

    /**
     * Registers the engine {@code settings} describe; the caller logs that it did.
     *
     * @param log the engine's logger, so that the log lines keep their logger's name
     */
    public EngineRegistration(BundleContext context, System.Logger log, S settings) {
        this.context = context;
        this.log = log;
        this.settings = settings;
        this.engine = settings.newEngine();
        this.registration = context.registerService(WasmEngine.class, engine, settings.serviceProperties(engine));
    }

    /** The engine registered now. */
    public synchronized E engine() {
        return engine;
    }

    /**
     * Applies new settings, always registering before unregistering so that no request finds the
     * engine missing. A new ranking re-registers the same engine: Felix SCR rebinds a greedy
     * reference to a better-ranked service when one is registered, not when an existing one's
     * ranking is modified in place. Any other change registers a new engine and then retires the
     * old one.
     */
    public synchronized void update(S updated) {
        if (updated.sameEngineAs(settings)) {
            ServiceRegistration<WasmEngine> oldRegistration = registration;
            registration = context.registerService(WasmEngine.class, engine, updated.serviceProperties(engine));
            settings = updated;
            unregister(oldRegistration);
            log.log(INFO, "engine {0} re-registered with service.ranking {1}", engine, updated.serviceRanking());
            return;
        }
        ServiceRegistration<WasmEngine> oldRegistration = registration;
        E oldEngine = engine;
        E newEngine = updated.newEngine();
        settings = updated;
        engine = newEngine;
        registration = context.registerService(WasmEngine.class, engine, updated.serviceProperties(engine));
        log.log(INFO, "engine {0} registered to replace {1}", engine, oldEngine);
        retire(oldRegistration, oldEngine);
    }

    /** Unregisters the engine, then lets its runs in flight finish. */
    public synchronized void close() {
        retire(registration, engine);
    }

    private static void retire(ServiceRegistration<WasmEngine> registration, DrainableEngine engine) {
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
