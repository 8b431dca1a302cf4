package liop.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The two requests the engines are compared on: {@code aggregate} over the runtime's sample dataset
 * (its 5,000 patients as the node reads them, every field) and {@code primes}, compute-bound.
 */
enum EngineWorkload {

    AGGREGATE("aggregate", "group the sample dataset's 5,000 patients by condition, average age"),
    PRIMES("primes", "count primes below 100,000 by trial division");

    /** Where the runtime's build writes the sample dataset (runtime/…/SampleData), relative to the repository. */
    static final List<String> DATASET_CANDIDATES = List.of(
            "runtime/target/sample-data/patients.json", "runtime/target/liop/data/patients.json");
    static final String DATASET_PROPERTY = "liop.bench.dataset";

    private final String guest;
    private final String description;

    EngineWorkload(String guest, String description) {
        this.guest = guest;
        this.description = description;
    }

    String guest() {
        return guest;
    }

    String description() {
        return description;
    }

    byte[] wasm() {
        return Workload.byGuest(guest).wasm();
    }

    /** The request on stdin, {@code {"params": ..., "records": [...]}}. */
    byte[] stdin() {
        return switch (this) {
            case AGGREGATE -> ("{\"params\": {\"group_by\": \"condition\", \"field\": \"age\"}, \"records\": "
                    + read(dataset()) + "}").getBytes(UTF_8);
            case PRIMES -> Workload.PRIMES.stdinBytes();
        };
    }

    static EngineWorkload byGuest(String guest) {
        for (EngineWorkload workload : values()) {
            if (workload.guest.equals(guest)) {
                return workload;
            }
        }
        throw new IllegalArgumentException("no engine workload for guest '" + guest + "' (aggregate, primes)");
    }

    /** The sample dataset: -Dliop.bench.dataset, or where the runtime's build writes it. */
    static Path dataset() {
        String configured = System.getProperty(DATASET_PROPERTY);
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        for (String candidate : DATASET_CANDIDATES) {
            if (Files.isRegularFile(Path.of(candidate))) {
                return Path.of(candidate).toAbsolutePath();
            }
        }
        throw new IllegalStateException("the sample dataset patients.json is not in " + DATASET_CANDIDATES
                + ": build the runtime (mvn -pl runtime -am package -DskipTests) from the repository's root and"
                + " run from there, or pass --dataset <file>");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
