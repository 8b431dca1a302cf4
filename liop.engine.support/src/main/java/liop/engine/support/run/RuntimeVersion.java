package liop.engine.support.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/** The version of the runtime an engine runs on, as its build wrote it into a properties resource. */
public final class RuntimeVersion {

    private RuntimeVersion() {
    }

    /**
     * @param anchor a class of the engine; {@code resource} is looked up next to it
     * @param resource a properties file with a {@code version} key, e.g. {@code chicory.properties}
     */
    public static String of(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            Properties properties = new Properties();
            properties.load(Objects.requireNonNull(in, resource));
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
