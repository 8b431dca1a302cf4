package liop.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions `liop version` prints, recorded at build time in version.properties. */
record Versions(String liop, String felix) {

    static Versions ofThisBuild() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Versions(properties.getProperty("liop.version", "unknown"), properties.getProperty("felix.version", "unknown"));
    }

    String describe() {
        return "LIOP " + liop + " (Apache Felix " + felix + ", Java " + Runtime.version() + " " + System.getProperty("java.vendor", "") + ")";
    }
}
