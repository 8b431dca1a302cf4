package liop.itest;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Configuration the way an operator's tool sets it: through Config Admin, by PID. */
final class Configs {

    private final ConfigurationAdmin admin;

    Configs(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    static Dictionary<String, Object> props(Object... keyValues) {
        Hashtable<String, Object> props = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    /** Replaces the configuration of {@code pid}. */
    Configuration set(String pid, Dictionary<String, Object> properties) throws IOException {
        Configuration configuration = admin.getConfiguration(pid, "?");
        configuration.update(properties);
        return configuration;
    }

    /** The value of {@code key} in the configuration of {@code pid}, or null. */
    Object value(String pid, String key) {
        try {
            Dictionary<String, Object> properties = admin.getConfiguration(pid, "?").getProperties();
            return properties == null ? null : properties.get(key);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Adds or updates one key of {@code pid}, keeping the others. */
    void put(String pid, String key, Object value) throws IOException {
        Configuration configuration = admin.getConfiguration(pid, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put(key, value);
        configuration.update(properties);
    }

    /** Removes one key of {@code pid}. */
    void remove(String pid, String key) throws IOException {
        Configuration configuration = admin.getConfiguration(pid, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties != null) {
            properties.remove(key);
            configuration.update(properties);
        }
    }

    /** Creates or replaces the factory configuration {@code factoryPid~name}. */
    Configuration factory(String factoryPid, String name, Dictionary<String, Object> properties) throws IOException {
        Configuration configuration = admin.getFactoryConfiguration(factoryPid, name, "?");
        configuration.update(properties);
        return configuration;
    }
}
