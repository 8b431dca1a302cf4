package liop.libp2p.crypto;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import liop.libp2p.wire.ProtocolException;

/**
 * The node's identity on disk: {@code <base>/data/node.key}, libp2p's {@code PrivateKey} protobuf,
 * readable by its owner only. Created on first start; from then on the PeerId stays the same.
 */
public final class NodeKeyFile {

    /** A key file is 68 bytes; anything much larger is not one. */
    private static final long MAX_BYTES = 4096;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private NodeKeyFile() {}

    /** Where the runtime keeps the key under its base folder (framework property {@code liop.base}). */
    public static Path defaultLocation(Path base) {
        return base.resolve("data").resolve("node.key");
    }

    /**
     * The key stored at {@code file}, or a new one written there (owner-only permissions where the
     * file system has them) when there is none yet.
     *
     * @throws IOException if the file cannot be read or written, or holds no usable key (the
     *     message says how to recover)
     */
    public static Ed25519KeyPair loadOrCreate(Path file, SecureRandom random) throws IOException {
        try {
            return load(file);
        } catch (NoSuchFileException e) {
            Ed25519KeyPair created = Ed25519KeyPair.generate(random);
            try {
                write(file, created);
                return created;
            } catch (FileAlreadyExistsException raced) {
                return load(file); // another process created it first: its key wins
            }
        }
    }

    public static Ed25519KeyPair load(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + " is " + Files.size(file) + " bytes, too large for a node key; "
                    + "move it away to start with a new identity (the node's PeerId will change)");
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            return Ed25519KeyPair.fromProtobuf(bytes);
        } catch (ProtocolException e) {
            throw new IOException(file + " holds no usable node key (" + e.getMessage() + "); "
                    + "move it away to start with a new identity (the node's PeerId will change)", e);
        }
    }

    /**
     * Writes the key to a temporary file created owner-only, then moves it into place, so that
     * the key is never readable by others and never half written under its final name.
     */
    private static void write(Path file, Ed25519KeyPair key) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        boolean posix = Files.getFileStore(folder).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(folder, ".node.key.", ".tmp", attributes);
        try {
            Files.write(temporary, key.toProtobuf());
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
