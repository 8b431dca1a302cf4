package liop.node.shell;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Edits one key of an operator's {@code .cfg} file in place, keeping every other line and comment as
 * the operator wrote them (fileinstall's own write-back would rewrite the whole file and expand its
 * placeholders). Written beside and renamed, so fileinstall never reads half a file.
 */
final class CfgFile {

    private CfgFile() {}

    /** The file a configuration came from, from fileinstall's {@code felix.fileinstall.filename}. */
    static Path of(Object fileinstallFilename) {
        String name = fileinstallFilename.toString();
        return name.startsWith("file:") ? Path.of(URI.create(name)) : Path.of(name);
    }

    /**
     * Sets {@code key} to {@code value}, replacing its line (or a commented-out line for it), or
     * appending one; a null {@code value} comments the key out.
     */
    static void set(Path file, String key, String value) throws IOException {
        Pattern line = Pattern.compile("^\\s*#?\\s*" + Pattern.quote(key) + "\\s*[=:].*$");
        List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : new ArrayList<>();
        String replacement = value == null ? "#" + key + " = " : key + " = " + value;
        boolean done = false;
        for (int i = 0; i < lines.size(); i++) {
            if (line.matcher(lines.get(i)).matches()) {
                boolean active = !lines.get(i).strip().startsWith("#");
                if (!done && (active || value != null)) {
                    lines.set(i, value == null ? "#" + lines.get(i).strip() : replacement);
                    done = true;
                } else if (active) {
                    lines.set(i, "#" + lines.get(i).strip()); // a second active line would win over ours
                }
            }
        }
        if (!done && value != null) {
            lines.add(replacement);
        }
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        Files.write(partial, lines, StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
