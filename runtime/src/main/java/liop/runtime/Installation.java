package liop.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where things are: the installation ({@code LIOP_HOME}: bin/, lib/, bundle/, guests/ and the
 * sample data) and the operator's folder ({@code LIOP_BASE}: etc/, deploy/, data/), which is the
 * installation itself unless set, so that operators can keep their configuration outside a build
 * tree or an unpacked archive.
 *
 * @param home the installation
 * @param base the folder holding etc/, deploy/ and data/
 */
record Installation(Path home, Path base) {

    Installation {
        home = home.toAbsolutePath().normalize();
        base = base.toAbsolutePath().normalize();
    }

    /**
     * Finds the folders: system properties {@code liop.home}/{@code liop.base} (set by bin/liop),
     * then the environment, then the folder above the launcher jar's lib/.
     */
    static Installation locate(Map<String, String> systemProperties, Map<String, String> environment) {
        Path home = first(systemProperties.get("liop.home"), environment.get("LIOP_HOME"))
                .map(Path::of).orElseGet(Installation::homeOfLauncherJar);
        Path base = first(systemProperties.get("liop.base"), environment.get("LIOP_BASE"))
                .map(Path::of).orElse(home);
        return new Installation(home, base);
    }

    Path etc() {
        return base.resolve("etc");
    }

    Path deploy() {
        return base.resolve("deploy");
    }

    Path data() {
        return base.resolve("data");
    }

    Path bundles() {
        return home.resolve("bundle");
    }

    Path frameworkProperties() {
        return home.resolve("lib").resolve("framework.properties");
    }

    /** The operator's logging configuration, or the installation's when the base has none. */
    Optional<Path> loggingProperties() {
        return Stream.of(etc(), home.resolve("etc"))
                .map(dir -> dir.resolve("logging.properties"))
                .filter(Files::isRegularFile)
                .findFirst();
    }

    /**
     * Makes sure the base has etc/, deploy/ and data/. A new base gets a copy of the installation's
     * default etc/, so that it starts with the sample dataset and manifest.
     *
     * @return what was created, for the user to read
     */
    List<String> prepareBase() {
        List<String> created = new ArrayList<>();
        try {
            if (!Files.isDirectory(etc()) && !base.equals(home)) {
                copyFolder(home.resolve("etc"), etc());
                created.add("created " + etc() + " from the defaults in " + home.resolve("etc"));
            }
            for (Path dir : List.of(etc(), deploy(), data())) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare LIOP_BASE " + base + ": " + e.getMessage(), e);
        }
        return created;
    }

    /** The jars of bundle/, then those of deploy/, each in name order. */
    List<Path> bundleJars(boolean withDeploy) {
        List<Path> jars = new ArrayList<>(jarsIn(bundles()));
        if (withDeploy) {
            jars.addAll(jarsIn(deploy()));
        }
        return jars;
    }

    private static List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static Optional<String> first(String... candidates) {
        return Stream.of(candidates).filter(c -> c != null && !c.isBlank()).findFirst();
    }

    private static Path homeOfLauncherJar() {
        try {
            Path jar = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where LIOP is installed: set LIOP_HOME", e);
        }
    }
}
