package liop.engine.support.fs;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A host directory listing presented as view paths. Entries are listed by name only; whether an
 * entry can be reached (it may be a link leading outside) is decided when it is used.
 */
final class ViewDirectoryStream implements DirectoryStream<Path> {

    private final DirectoryStream<Path> hostEntries;
    private final ConfinedPath directory;
    private final Filter<? super Path> filter;

    ViewDirectoryStream(DirectoryStream<Path> hostEntries, ConfinedPath directory, Filter<? super Path> filter) {
        this.hostEntries = hostEntries;
        this.directory = directory;
        this.filter = filter;
    }

    @Override
    public Iterator<Path> iterator() {
        Iterator<Path> host = hostEntries.iterator();
        return new Iterator<>() {
            private Path next;

            @Override
            public boolean hasNext() {
                while (next == null && host.hasNext()) {
                    Path candidate = directory.resolve(host.next().getFileName().toString());
                    if (accepts(candidate)) {
                        next = candidate;
                    }
                }
                return next != null;
            }

            @Override
            public Path next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Path result = next;
                next = null;
                return result;
            }
        };
    }

    private boolean accepts(Path candidate) {
        try {
            return filter.accept(candidate);
        } catch (IOException e) {
            throw new DirectoryIteratorException(e);
        }
    }

    @Override
    public void close() throws IOException {
        hostEntries.close();
    }
}
