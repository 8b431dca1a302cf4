package liop.node.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import liop.api.node.Capability;

/**
 * The capabilities an operator's manifest grants, and the check of a request against them.
 * Nothing is granted unless listed: a module gets no files, datasets, streams, clock or randomness
 * by default.
 */
public final class Grants {

    private final List<Capability> granted;
    private final List<String> problems;

    private Grants(List<Capability> granted, List<String> problems) {
        this.granted = List.copyOf(granted);
        this.problems = List.copyOf(problems);
    }

    public static final Grants NONE = new Grants(List.of(), List.of());

    /**
     * Parses grants in their text forms. A grant that does not parse is left out and reported in
     * {@link #problems()}, so one typo does not take the other grants down with it.
     */
    public static Grants parse(List<String> texts) {
        List<Capability> granted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String text : texts) {
            if (text == null || text.isBlank()) {
                continue;
            }
            try {
                granted.add(Capability.parse(text));
            } catch (IllegalArgumentException e) {
                problems.add("grant ignored: " + e.getMessage());
            }
        }
        return new Grants(granted, problems);
    }

    public List<Capability> granted() {
        return granted;
    }

    public List<String> texts() {
        return granted.stream().map(Capability::text).toList();
    }

    /** Grants from the configuration that could not be read, with the reason. */
    public List<String> problems() {
        return problems;
    }

    /** Returns why {@code requested} is not granted, or empty when it is. */
    public Optional<String> deny(Capability requested) {
        return switch (requested) {
            case Capability.FsRead fs -> denyFsRead(fs);
            case Capability.Dataset ds -> denyDataset(ds);
            default -> granted.contains(requested)
                    ? Optional.empty()
                    : Optional.of("capability " + requested.text() + " denied: the manifest does not grant it; ask the operator or drop the request");
        };
    }

    private Optional<String> denyFsRead(Capability.FsRead requested) {
        Path path = Path.of(requested.path()).normalize();
        List<String> roots = new ArrayList<>();
        for (Capability c : granted) {
            if (c instanceof Capability.FsRead grant) {
                if (path.startsWith(Path.of(grant.path()).normalize())) {
                    return Optional.empty();
                }
                roots.add(grant.path());
            }
        }
        String where = roots.isEmpty() ? "grants no fs.read at all" : "grants fs.read only under " + String.join(", ", roots);
        return Optional.of("capability " + requested.text() + " denied: the manifest " + where + "; ask the operator or drop the request");
    }

    /**
     * Whether {@code realDirectory} (a path with every symbolic link resolved) lies under the real
     * path of a granted {@code fs.read} directory.
     */
    public boolean grantsRealDirectory(Path realDirectory) {
        for (Capability c : granted) {
            if (c instanceof Capability.FsRead grant) {
                try {
                    if (realDirectory.startsWith(Path.of(grant.path()).toRealPath())) {
                        return true;
                    }
                } catch (java.io.IOException missing) {
                    // a granted directory that does not exist grants nothing
                }
            }
        }
        return false;
    }

    private Optional<String> denyDataset(Capability.Dataset requested) {
        for (Capability c : granted) {
            if (c instanceof Capability.Dataset grant && grant.name().equals(requested.name())) {
                if (grant.allFields()) {
                    return Optional.empty();
                }
                if (requested.allFields()) {
                    return Optional.of("capability " + requested.text() + " denied: the manifest grants only the fields " + sorted(grant) + " of dataset " + grant.name() + "; name the fields the module reads");
                }
                List<String> missing = requested.fields().stream().filter(f -> !grant.fields().contains(f)).sorted().toList();
                if (missing.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of("capability " + requested.text() + " denied: the manifest does not grant the field(s) " + String.join(", ", missing) + " of dataset " + grant.name() + " (granted: " + sorted(grant) + "); drop them from the request or ask the operator");
            }
        }
        return Optional.of("capability " + requested.text() + " denied: the manifest grants no access to dataset " + requested.name() + "; ask the operator or drop the request");
    }

    private static String sorted(Capability.Dataset grant) {
        return grant.fields().stream().sorted().collect(Collectors.joining(", "));
    }
}
