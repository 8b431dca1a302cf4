package liop.engine.support.fs;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Objects;

/**
 * A path in a {@link ConfinedFileSystem}: the syntax of a POSIX path (borrowed from a path of the
 * default file system, which is never used to reach a file), the identity of its view.
 */
final class ConfinedPath implements Path {

    private final ConfinedFileSystem fileSystem;
    private final Path delegate;

    ConfinedPath(ConfinedFileSystem fileSystem, Path delegate) {
        this.fileSystem = fileSystem;
        this.delegate = delegate;
    }

    Path delegate() {
        return delegate;
    }

    private ConfinedPath wrap(Path path) {
        return path == null ? null : new ConfinedPath(fileSystem, path);
    }

    private Path unwrap(Path other) {
        if (other instanceof ConfinedPath confined && confined.fileSystem == fileSystem) {
            return confined.delegate;
        }
        throw new ProviderMismatchException("not a path of the same confined view: " + other);
    }

    @Override
    public ConfinedFileSystem getFileSystem() {
        return fileSystem;
    }

    @Override
    public boolean isAbsolute() {
        return delegate.isAbsolute();
    }

    @Override
    public Path getRoot() {
        return wrap(delegate.getRoot());
    }

    @Override
    public Path getFileName() {
        return wrap(delegate.getFileName());
    }

    @Override
    public Path getParent() {
        return wrap(delegate.getParent());
    }

    @Override
    public int getNameCount() {
        return delegate.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return wrap(delegate.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return wrap(delegate.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        return other instanceof ConfinedPath confined
                && confined.fileSystem == fileSystem
                && delegate.startsWith(confined.delegate);
    }

    @Override
    public boolean endsWith(Path other) {
        return other instanceof ConfinedPath confined
                && confined.fileSystem == fileSystem
                && delegate.endsWith(confined.delegate);
    }

    @Override
    public ConfinedPath normalize() {
        return wrap(delegate.normalize());
    }

    @Override
    public ConfinedPath resolve(Path other) {
        return wrap(delegate.resolve(unwrap(other)));
    }

    @Override
    public ConfinedPath resolve(String other) {
        return resolve(fileSystem.getPath(other));
    }

    @Override
    public Path relativize(Path other) {
        return wrap(delegate.relativize(unwrap(other)));
    }

    @Override
    public URI toUri() {
        try {
            return new URI(fileSystem.provider().getScheme(), null, toAbsolutePath().toString(), null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ConfinedPath toAbsolutePath() {
        return isAbsolute() ? this : wrap(ConfinedFileSystem.VIEW_ROOT.resolve(delegate));
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        return fileSystem.viewPathOf(fileSystem.hostPathOf(this));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("a confined view cannot be watched");
    }

    @Override
    public int compareTo(Path other) {
        return delegate.compareTo(unwrap(other));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfinedPath confined
                && confined.fileSystem == fileSystem
                && confined.delegate.equals(delegate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(fileSystem), delegate);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
