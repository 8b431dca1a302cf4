package liop.engine.support.fs;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.List;
import java.util.Set;

/**
 * A read-only view of one host directory that nothing can leave: the directory appears as {@code /},
 * every path is resolved on the host and refused unless its real location (after following every
 * symbolic link, final or intermediate) stays inside the directory, and every write is refused.
 *
 * <p>Chicory's WASI implementation works on {@link Path} objects and touches files only through
 * {@link java.nio.file.Files} and {@link java.nio.channels.FileChannel}, which dispatch to the path's
 * {@link FileSystemProvider}. Handing Chicory the {@link #root()} of this view instead of a host path
 * therefore puts this class between the guest and every file operation, whatever Chicory does with
 * the path (its own symlink handling resolves relative targets against the JVM's working directory;
 * here that code never sees a link).
 *
 * <p>Symbolic links that stay inside the directory are followed transparently: the guest sees the
 * file or directory they point to, never the link. Links that lead outside, and dangling links, look
 * like missing files ({@code ENOENT}), which also keeps them out of directory listings.
 *
 * <p><b>What this does not cover: a race with the host.</b> A path is checked, then opened. Between
 * the two, a host process able to write inside the directory could replace a directory on the path
 * by a symbolic link to anywhere, and the open would follow it: only the last component is opened
 * with {@code NOFOLLOW_LINKS}, and Java has no {@code openat} to hold on to the directories already
 * checked. The guest cannot do this itself (it cannot create, rename or link anything here), so the
 * risk exists only where untrusted host users or processes can write into a preopened directory:
 * grant {@code fs.read} only on directories that nobody but the operator can write.
 */
public final class ConfinedFileSystem extends FileSystem {

    static final Path VIEW_ROOT = Path.of("/");

    private final Path hostRoot;
    private final ReadOnlyProvider provider = new ReadOnlyProvider();
    private final ConfinedPath root = new ConfinedPath(this, VIEW_ROOT);

    private ConfinedFileSystem(Path hostRoot) {
        this.hostRoot = hostRoot;
    }

    /**
     * Opens a view of {@code hostDirectory}.
     *
     * @throws IOException if the directory does not exist or is not a directory
     */
    public static ConfinedFileSystem of(Path hostDirectory) throws IOException {
        Path real = hostDirectory.toRealPath();
        if (!java.nio.file.Files.isDirectory(real)) {
            throw new NotDirectoryException(hostDirectory.toString());
        }
        return new ConfinedFileSystem(real);
    }

    /** The directory itself, as the guest sees it. */
    public Path root() {
        return root;
    }

    /**
     * The real host location of {@code path}, or {@link NoSuchFileException} if there is none or it
     * lies outside the directory.
     */
    Path hostPathOf(ConfinedPath path) throws IOException {
        Path inView = path.toAbsolutePath().normalize().delegate();
        Path candidate = hostRoot.resolve(VIEW_ROOT.relativize(inView).toString());
        Path real = candidate.toRealPath();
        if (!real.startsWith(hostRoot)) {
            throw new NoSuchFileException(path.toString(), null, "leads outside the preopened directory");
        }
        return real;
    }

    /** The view path of a real host path inside the directory. */
    ConfinedPath viewPathOf(Path hostPath) {
        return root.resolve(hostRoot.relativize(hostPath).toString());
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        // nothing is held open by the view itself; open channels belong to their descriptors
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of(root);
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return List.of();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return FileSystems.getDefault().supportedFileAttributeViews();
    }

    @Override
    public ConfinedPath getPath(String first, String... more) {
        return new ConfinedPath(this, Path.of(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        return FileSystems.getDefault().getPathMatcher(syntaxAndPattern);
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException("a confined view has no user principals");
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("a confined view cannot be watched");
    }
}
