package liop.node.fuzzing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * What the fuzz tests share: seed inputs from the classpath and the measures (time, allocation)
 * every target is held to. See {@code liop.node/FUZZING.md}.
 */
public final class FuzzSupport {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FuzzSupport() {}

    /** The sample guests ({@code guests/*.wasm} from the io.liop:guests jar), as named seeds. */
    public static Stream<Arguments> guests() {
        return resources("/guests/", ".wasm").map(FuzzSupport::seed);
    }

    /** Every resource under a classpath folder whose name ends with {@code suffix}, sorted by name. */
    public static Stream<Path> resources(String folder, String suffix) {
        URL url = FuzzSupport.class.getResource(folder);
        if (url == null) {
            throw new AssertionError(folder + " is not on the test classpath");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem jar;
                try {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                    jar = FileSystems.getFileSystem(uri);
                }
                return list(jar.getPath(folder), suffix);
            }
            return list(Path.of(uri), suffix);
        } catch (URISyntaxException | IOException e) {
            throw new AssertionError("cannot list " + url, e);
        }
    }

    private static Stream<Path> list(Path folder, String suffix) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().forEach(found::add);
        }
        if (found.isEmpty()) {
            throw new AssertionError("no *" + suffix + " under " + folder);
        }
        return found.stream();
    }

    public static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] resource(String name) {
        try (InputStream in = FuzzSupport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError(name + " is not on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A seed for a {@code byte[]} fuzz test, named after its file. */
    public static Arguments seed(Path path) {
        return seed(path.getFileName().toString(), read(path));
    }

    public static Arguments seed(String name, byte[] bytes) {
        return Arguments.of(Named.of(name, bytes));
    }

    /** Bytes this thread has allocated so far (a running total: take differences). */
    public static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * What some work cost this thread: CPU time (not wall-clock time, which other processes on a
     * busy machine would inflate) and bytes allocated.
     */
    public record Cost(long cpuMillis, long allocatedBytes) {

        public static <T> T measure(java.util.function.Supplier<T> work, Cost[] cost) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long allocated = THREADS.getCurrentThreadAllocatedBytes();
            T result = work.get();
            cost[0] = new Cost((THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000, THREADS.getCurrentThreadAllocatedBytes() - allocated);
            return result;
        }
    }

    /** The most a target allocated per input byte, for the summary a campaign prints. */
    public static final class Worst {
        private static final int SMALL = 256;
        private long allocated = -1;
        private int length;

        public synchronized void record(int inputLength, long allocatedBytes) {
            if (inputLength >= SMALL && (allocated < 0 || allocatedBytes * length > allocated * inputLength)) {
                allocated = allocatedBytes;
                length = inputLength;
            }
        }

        @Override
        public synchronized String toString() {
            return allocated < 0 ? "no input of " + SMALL + " bytes or more"
                    : String.format("at most %d bytes allocated per input byte (%,d for %,d bytes)", allocated / length, allocated, length);
        }
    }
}
