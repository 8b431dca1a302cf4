package liop.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The framework properties for one start of Felix: the shared file (cnf/framework.properties, in
 * the distribution lib/framework.properties) with its placeholders filled in, plus what differs
 * between a foreground node and the embedded node of {@code liop exec}.
 */
final class FrameworkProperties {

    static final String STORAGE = "org.osgi.framework.storage";
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";
    static final String FILEINSTALL_CONFIG_SAVE = "felix.fileinstall.enableConfigSave";
    static final String GOSH_ARGS = "gosh.args";
    /** Read by the liop.client commands: the etc/ folder whose files must be applied before a request runs. */
    static final String ETC = "liop.etc";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private FrameworkProperties() {}

    /** A foreground node: storage in data/, etc/ and deploy/ watched, a console when interactive. */
    static Map<String, String> forNode(Installation installation, boolean interactive) throws IOException {
        Map<String, String> properties = shared(installation);
        // Interactive: the shell's "exit" stops the node. Otherwise the node runs until killed.
        properties.put(GOSH_ARGS, interactive ? "--quiet" : "--nointeractive --noshutdown");
        return properties;
    }

    /**
     * The embedded node of {@code liop exec}: the same bundles and etc/, but its own short-lived
     * storage (so it can run beside a foreground node, or several at once), only etc/ read, and
     * never a write to the operator's files.
     */
    static Map<String, String> forExec(Installation installation, Path storage) throws IOException {
        Map<String, String> properties = shared(installation);
        properties.put(STORAGE, storage.toString());
        properties.put(FILEINSTALL_DIR, installation.etc().toString());
        // Already so in the shared file; exec must never write the operator's files, whatever it says.
        properties.put(FILEINSTALL_CONFIG_SAVE, "false");
        return properties;
    }

    private static Map<String, String> shared(Installation installation) throws IOException {
        Map<String, String> variables = new HashMap<>();
        variables.put("liop.home", installation.home().toString());
        variables.put("liop.base", installation.base().toString());
        Map<String, String> properties = read(installation.frameworkProperties(), variables);
        properties.putAll(variables);
        properties.put(ETC, installation.etc().toString());
        return properties;
    }

    /**
     * Reads a properties file and fills in {@code ${name}} from {@code variables}, then from system
     * properties.
     *
     * @throws IllegalArgumentException naming a placeholder that has no value
     */
    static Map<String, String> read(Path file, Map<String, String> variables) throws IOException {
        Properties raw = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            raw.load(in);
        }
        Function<String, String> lookup = name -> variables.getOrDefault(name, System.getProperty(name));
        Map<String, String> properties = new TreeMap<>();
        for (String key : raw.stringPropertyNames()) {
            try {
                properties.put(key, substitute(raw.getProperty(key), lookup));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ", " + key + ": " + e.getMessage(), e);
            }
        }
        return properties;
    }

    static String substitute(String value, Function<String, String> lookup) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement = lookup.apply(matcher.group(1));
            if (replacement == null) {
                throw new IllegalArgumentException("${" + matcher.group(1) + "} has no value");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(result).toString();
    }
}
