package liop.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sample modules an installation ships in {@code $LIOP_HOME/guests}, so that a newcomer can run
 * {@code liop exec hello} before writing a module.
 *
 * @param folder the folder holding them, if this installation has one
 */
public record SampleModules(Optional<Path> folder) {

    private static final List<String> SUFFIXES = List.of(".wasm", ".wat");

    public static SampleModules in(Path folder) {
        return new SampleModules(Optional.of(folder));
    }

    public static SampleModules none() {
        return new SampleModules(Optional.empty());
    }

    /** The sample called {@code name}, {@code name.wasm} or {@code name.wat}. */
    public Optional<Path> find(String name) {
        if (folder.isEmpty()) {
            return Optional.empty();
        }
        return Stream.concat(Stream.of(""), SUFFIXES.stream())
                .map(suffix -> folder.get().resolve(name + suffix))
                .filter(Files::isRegularFile)
                .findFirst();
    }

    /** The samples' names without their extensions, sorted. */
    public List<String> names() {
        if (folder.isEmpty() || !Files.isDirectory(folder.get())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder.get())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> SUFFIXES.stream().anyMatch(n::endsWith))
                    .map(n -> n.substring(0, n.lastIndexOf('.')))
                    .distinct()
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
