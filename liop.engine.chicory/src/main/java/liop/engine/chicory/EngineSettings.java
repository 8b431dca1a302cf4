package liop.engine.chicory;

import java.util.Dictionary;
import java.util.Hashtable;
import liop.api.engine.WasmEngine;
import liop.engine.support.service.EngineRegistration;
import org.osgi.framework.Constants;

/**
 * One engine's settings, whichever configuration they came from.
 *
 * @param name the engine's name
 * @param mode how it executes guests
 * @param cacheSize compiled modules kept
 * @param cacheMaxBytes bytes of modules the compiled modules kept may come from
 * @param serviceRanking the ranking of its service
 */
record EngineSettings(String name, ExecutionMode mode, int cacheSize, long cacheMaxBytes, int serviceRanking)
        implements EngineRegistration.Settings<ChicoryEngine, EngineSettings> {

    static final String MODE_PROPERTY = "liop.engine.mode";

    EngineSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an engine needs a name");
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cache.size must not be negative: " + cacheSize);
        }
        if (cacheMaxBytes < 0) {
            throw new IllegalArgumentException("cache.max.bytes must not be negative: " + cacheMaxBytes);
        }
    }

    static EngineSettings of(EngineConfig config) {
        return new EngineSettings(config.name().strip(), ExecutionMode.parse(config.mode()), config.cache_size(),
                config.cache_max_bytes(), config.service_ranking());
    }

    @Override
    public ChicoryEngine newEngine() {
        return new ChicoryEngine(name, mode, cacheSize, cacheMaxBytes);
    }

    /** Whether {@code other} describes the same engine, so that only its service properties change. */
    @Override
    public boolean sameEngineAs(EngineSettings other) {
        return name.equals(other.name) && mode == other.mode && cacheSize == other.cacheSize && cacheMaxBytes == other.cacheMaxBytes;
    }

    /** Chicory's service properties come from the settings alone. */
    @Override
    public Dictionary<String, Object> serviceProperties(ChicoryEngine engine) {
        return serviceProperties();
    }

    Dictionary<String, Object> serviceProperties() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(WasmEngine.NAME_PROPERTY, name);
        properties.put(MODE_PROPERTY, mode.configValue());
        properties.put(Constants.SERVICE_RANKING, serviceRanking);
        return properties;
    }
}
