package liop.libp2p.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeyFileTest {

    @TempDir
    Path base;

    @Test
    void createsTheKeyOnFirstStartReadableByItsOwnerOnly() throws Exception {
        Path file = NodeKeyFile.defaultLocation(base);
        assertThat(file).isEqualTo(base.resolve("data/node.key"));

        Ed25519KeyPair created = NodeKeyFile.loadOrCreate(file, new SecureRandom());
        assertThat(file).exists();
        assertThat(Files.size(file)).isEqualTo(68);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }

        Ed25519KeyPair loaded = NodeKeyFile.loadOrCreate(file, new SecureRandom());
        assertThat(loaded.publicKey()).isEqualTo(created.publicKey());
    }

    @Test
    void aDamagedFileSaysHowToRecover() throws Exception {
        Path file = NodeKeyFile.defaultLocation(base);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {8, 1, 18, 3, 1, 2, 3});
        assertThatThrownBy(() -> NodeKeyFile.loadOrCreate(file, new SecureRandom()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("holds no usable node key")
                .hasMessageContaining("move it away to start with a new identity");
    }

    @Test
    void aHugeFileIsNotReadIntoMemory() throws Exception {
        Path file = base.resolve("node.key");
        Files.write(file, new byte[100_000]);
        assertThatThrownBy(() -> NodeKeyFile.load(file)).isInstanceOf(IOException.class).hasMessageContaining("too large for a node key");
    }
}
