package liop.api.node;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Something a module may use, requested by the agent and granted by the operator's manifest. The
 * text forms are the ones agents send and operators write:
 *
 * <ul>
 *   <li>{@code fs.read:/var/log/app} read-only access to a host directory (seen at the same path)
 *   <li>{@code dataset:patients{age,condition}} the named dataset's records, projected to those
 *       fields; in a manifest {@code dataset:patients{*}} grants every field
 *   <li>{@code stream:vitals} a stream of events for a watchdog
 *   <li>{@code clock} and {@code random}: the real clocks and random bytes
 * </ul>
 */
public sealed interface Capability {

    /** The canonical text form. */
    String text();

    record FsRead(String path) implements Capability {
        public FsRead {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String text() {
            return "fs.read:" + path;
        }
    }

    /** A dataset with a set of fields; {@code *} among the fields means all of them. */
    record Dataset(String name, Set<String> fields) implements Capability {
        public Dataset {
            Objects.requireNonNull(name, "name");
            fields = Set.copyOf(new LinkedHashSet<>(fields));
        }

        public boolean allFields() {
            return fields.contains("*");
        }

        @Override
        public String text() {
            return "dataset:" + name + "{" + String.join(",", fields.stream().sorted().toList()) + "}";
        }
    }

    record Stream(String name) implements Capability {
        public Stream {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String text() {
            return "stream:" + name;
        }
    }

    record Clock() implements Capability {
        @Override
        public String text() {
            return "clock";
        }
    }

    record Random() implements Capability {
        @Override
        public String text() {
            return "random";
        }
    }

    Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    /**
     * Parses the text form.
     *
     * @throws IllegalArgumentException with a message that names what is wrong
     */
    static Capability parse(String text) {
        Objects.requireNonNull(text, "capability");
        String s = text.strip();
        if (s.equals("clock")) {
            return new Clock();
        }
        if (s.equals("random")) {
            return new Random();
        }
        if (s.startsWith("fs.read:")) {
            String path = s.substring("fs.read:".length());
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("capability '" + text + "': fs.read needs an absolute path, e.g. fs.read:/var/log/app");
            }
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return new FsRead(path);
        }
        if (s.startsWith("stream:")) {
            String name = s.substring("stream:".length());
            requireName(text, name);
            return new Stream(name);
        }
        if (s.startsWith("dataset:")) {
            String rest = s.substring("dataset:".length());
            int open = rest.indexOf('{');
            if (open < 0 || !rest.endsWith("}")) {
                throw new IllegalArgumentException("capability '" + text + "': a dataset capability names its fields, e.g. dataset:patients{age,condition}");
            }
            String name = rest.substring(0, open);
            requireName(text, name);
            List<String> fields = new ArrayList<>();
            for (String field : rest.substring(open + 1, rest.length() - 1).split(",")) {
                String f = field.strip();
                if (f.isEmpty()) {
                    continue;
                }
                if (!f.equals("*")) {
                    requireName(text, f);
                }
                fields.add(f);
            }
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("capability '" + text + "': no fields named; list the fields the module reads, e.g. dataset:" + name + "{age}");
            }
            return new Dataset(name, new LinkedHashSet<>(fields));
        }
        throw new IllegalArgumentException("unknown capability '" + text + "': expected fs.read:<path>, dataset:<name>{fields}, stream:<name>, clock or random");
    }

    private static void requireName(String text, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("capability '" + text + "': '" + name + "' is not a valid name (letters, digits, _ . -)");
        }
    }
}
