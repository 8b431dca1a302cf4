package liop.engine.support.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view on its own, through the plain {@link Files} API: this is the layer that holds even if the
 * WASI guards missed a call.
 */
class ConfinedFileSystemTest {

    @TempDir
    Path root;

    Path view;

    @BeforeEach
    void createTree() throws IOException {
        Files.writeString(root.resolve("secret.txt"), "top secret");
        Path data = Files.createDirectory(root.resolve("data"));
        Files.writeString(data.resolve("hello.txt"), "hi");
        Files.createDirectory(data.resolve("sub"));
        Files.createSymbolicLink(data.resolve("sub/back-link"), Path.of("../hello.txt"));
        Files.createSymbolicLink(data.resolve("escape-link"), Path.of("../secret.txt"));
        Files.createSymbolicLink(data.resolve("dangling-link"), Path.of("nowhere"));
        view = ConfinedFileSystem.of(data).root();
    }

    @Test
    void reads_files_and_attributes() throws IOException {
        assertThat(Files.readString(view.resolve("hello.txt"))).isEqualTo("hi");
        assertThat(Files.isDirectory(view.resolve("sub"))).isTrue();
        assertThat(Files.size(view.resolve("hello.txt"))).isEqualTo(2);
        assertThat(Files.readAttributes(view.resolve("hello.txt"), "unix:ino")).containsKey("ino");
    }

    @Test
    void lists_directories_as_view_paths() throws IOException {
        try (Stream<Path> entries = Files.list(view)) {
            assertThat(entries.map(Path::toString))
                    .containsExactlyInAnyOrder("/hello.txt", "/sub", "/escape-link", "/dangling-link");
        }
    }

    @Test
    void follows_links_that_stay_inside_and_hides_that_they_are_links() throws IOException {
        Path link = view.resolve("sub/back-link");

        assertThat(Files.readString(link)).isEqualTo("hi");
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(link.toRealPath()).hasToString("/hello.txt");
        assertThatThrownBy(() -> Files.readSymbolicLink(link)).isInstanceOf(NotLinkException.class);
    }

    @Test
    void links_leading_outside_and_dangling_links_do_not_exist() {
        assertThatThrownBy(() -> Files.readString(view.resolve("escape-link")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("leads outside the preopened directory");
        assertThatThrownBy(() -> Files.readAttributes(view.resolve("dangling-link"), BasicFileAttributes.class))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(Files.exists(view.resolve("escape-link"))).isFalse();
    }

    @Test
    void dot_dot_stops_at_the_root_of_the_view() throws IOException {
        assertThat(Files.readString(view.resolve("../../hello.txt"))).isEqualTo("hi");
        assertThat(Files.exists(view.resolve("../secret.txt"))).isFalse();
    }

    @Test
    void refuses_every_write() {
        Path hello = view.resolve("hello.txt");

        assertThatThrownBy(() -> Files.writeString(hello, "changed")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> FileChannel.open(hello, StandardOpenOption.READ, StandardOpenOption.WRITE))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.createFile(view.resolve("new.txt"))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.createDirectory(view.resolve("new"))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.delete(hello)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.move(hello, view.resolve("moved.txt"))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.copy(hello, view.resolve("copy.txt"))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.createSymbolicLink(view.resolve("l"), hello)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.createLink(view.resolve("l"), hello)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Files.setLastModifiedTime(hello, FileTime.fromMillis(0)))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(Files.isWritable(hello)).isFalse();
        assertThat(view.getFileSystem().isReadOnly()).isTrue();
    }

    @Test
    void the_host_directory_itself_must_exist() {
        assertThatThrownBy(() -> ConfinedFileSystem.of(root.resolve("missing"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ConfinedFileSystem.of(root.resolve("secret.txt"))).isInstanceOf(IOException.class);
    }
}
