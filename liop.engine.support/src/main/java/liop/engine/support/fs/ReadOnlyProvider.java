package liop.engine.support.fs;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The provider behind {@link ConfinedFileSystem}: reads go to the confined host location of the
 * path, writes of any kind fail with {@link AccessDeniedException}. Never installed globally.
 */
final class ReadOnlyProvider extends FileSystemProvider {

    private static final Set<OpenOption> READ_OPTIONS = Set.of(
            StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS, StandardOpenOption.SYNC, StandardOpenOption.DSYNC);

    @Override
    public String getScheme() {
        return "liop-confined";
    }

    // ---- reads, each through the confined host path ----

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        for (OpenOption option : options) {
            if (!READ_OPTIONS.contains(option)) {
                throw readOnly(path);
            }
        }
        // The host path has no links left in it; NOFOLLOW_LINKS catches one swapped in since.
        return FileChannel.open(hostPath(path), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        ConfinedPath directory = confined(dir);
        DirectoryStream<Path> entries = Files.newDirectoryStream(hostPath(directory));
        return new ViewDirectoryStream(entries, directory, filter);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        return Files.readAttributes(hostPath(path), type, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        return Files.readAttributes(hostPath(path), attributes, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        if (type != BasicFileAttributeView.class) {
            return null;
        }
        return type.cast(new ReadOnlyAttributeView(path));
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        hostPath(link);
        throw new NotLinkException(link.toString(), null, "links are followed transparently in a preopened directory");
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        if (Arrays.asList(modes).contains(AccessMode.WRITE)) {
            throw readOnly(path);
        }
        Path host = hostPath(path);
        host.getFileSystem().provider().checkAccess(host, modes);
    }

    @Override
    public boolean isSameFile(Path path, Path other) throws IOException {
        return Files.isSameFile(hostPath(path), hostPath(other));
    }

    @Override
    public boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    // ---- writes: all refused ----

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        throw readOnly(dir);
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        throw readOnly(link);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        throw readOnly(link);
    }

    @Override
    public void delete(Path path) throws IOException {
        throw readOnly(path);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        throw readOnly(target);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        throw readOnly(source);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        throw readOnly(path);
    }

    // ---- what a confined view does not have ----

    @Override
    public FileStore getFileStore(Path path) {
        throw new UnsupportedOperationException("a confined view has no file stores");
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("confined views are created by ConfinedFileSystem.of");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("confined views are not looked up by URI");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("confined views are not looked up by URI");
    }

    private static ConfinedPath confined(Path path) {
        if (path instanceof ConfinedPath confined) {
            return confined;
        }
        throw new ProviderMismatchException("not a path of a confined view: " + path);
    }

    private static Path hostPath(Path path) throws IOException {
        ConfinedPath confined = confined(path);
        return confined.getFileSystem().hostPathOf(confined);
    }

    static AccessDeniedException readOnly(Path path) {
        return new AccessDeniedException(path.toString(), null, "the preopened directory is read-only");
    }

    /** Reads attributes through the provider; refuses to change times. */
    private final class ReadOnlyAttributeView implements BasicFileAttributeView {
        private final Path path;

        ReadOnlyAttributeView(Path path) {
            this.path = path;
        }

        @Override
        public String name() {
            return "basic";
        }

        @Override
        public BasicFileAttributes readAttributes() throws IOException {
            return ReadOnlyProvider.this.readAttributes(path, BasicFileAttributes.class);
        }

        @Override
        public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
                throws IOException {
            throw readOnly(path);
        }
    }
}
