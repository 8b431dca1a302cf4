package liop.itest;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The runtime distribution under test ({@code runtime/target/liop}): the tests provision Felix with
 * exactly the bundles it ships and the framework properties it starts with, so what is tested is
 * what operators run.
 */
final class Distribution {

    private Distribution() {}

    static Path home() {
        Path home = Path.of(System.getProperty("liop.dist", "../runtime/target/liop")).toAbsolutePath().normalize();
        if (!Files.isDirectory(home.resolve("bundle"))) {
            throw new IllegalStateException("no runtime distribution at " + home + "; build it first (mvn -pl runtime -am package)");
        }
        return home;
    }

    /**
     * The GraalWasm engine bundle as the build made it, which the distribution does not ship (tests
     * drop it into deploy/): liop.itest depends on it, so it is on the test class path (the packaged
     * jar, whether from the reactor or the local repository).
     */
    static Path graalWasmBundle() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Stream.of(classPath.split(File.pathSeparator))
                .map(Path::of)
                .filter(entry -> entry.getFileName().toString().matches("liop\\.engine\\.graalwasm-.*\\.jar"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the liop.engine.graalwasm bundle is not on the test class path "
                        + "(build it first: mvn -pl liop.engine.graalwasm package)"));
    }

    static Path guest(String name) {
        return home().resolve("guests").resolve(name + ".wasm");
    }

    static Path patients() {
        try (Stream<Path> files = Files.list(home().resolve("data"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("patients.")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no patients dataset in " + home().resolve("data")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shipped bundles by symbolic name, except those {@code skip} matches. */
    static Map<String, Path> bundles(Predicate<String> skip) {
        Map<String, Path> bundles = new TreeMap<>();
        try (Stream<Path> jars = Files.list(home().resolve("bundle"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                String name = symbolicName(jar);
                if (!skip.test(name)) {
                    bundles.put(name, jar);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bundles;
    }

    static String symbolicName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String name = file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            if (name == null) {
                throw new IOException(jar + " is not a bundle");
            }
            int semicolon = name.indexOf(';');
            return (semicolon < 0 ? name : name.substring(0, semicolon)).strip();
        }
    }

    /** The framework properties the launcher uses too, from cnf/framework.properties. */
    static Map<String, String> frameworkProperties() {
        Path file = Path.of(System.getProperty("liop.framework.properties", "../cnf/framework.properties"));
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the framework properties " + file.toAbsolutePath(), e);
        }
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return map;
    }

    static List<Path> jarsOf(Map<String, Path> bundles) {
        return new ArrayList<>(bundles.values());
    }
}
