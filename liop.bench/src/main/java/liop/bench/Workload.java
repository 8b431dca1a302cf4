package liop.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;

/**
 * The sample guests the benchmarks run, each with the input that makes it a typical request of its
 * kind. Inputs are generated from fixed seeds, so every run and every machine measures the same
 * work.
 */
public enum Workload {

    /** Parse, sort and aggregate: a realistic dataset request, 5000 patient records. */
    AGGREGATE("aggregate", "parse 5000 records, group and average") {
        @Override
        public String stdin() {
            return "{\"params\": {\"group_by\": \"condition\", \"field\": \"age\"}, \"records\": "
                    + patientRecords(5000, 20260101L) + "}";
        }
    },
    /** Compute-bound: trial division, almost no memory. */
    PRIMES("primes", "count primes below 100000 by trial division") {
        @Override
        public String stdin() {
            return "{\"params\": {\"n\": 100000}}";
        }
    },
    /** Small: what a request costs when the guest does next to nothing. */
    ECHO("echo", "echo small params and 10 records") {
        @Override
        public String stdin() {
            return "{\"params\": {\"query\": \"status\", \"limit\": 10, \"ratio\": 0.25}, \"records\": "
                    + patientRecords(10, 7L) + "}";
        }
    };

    private static final String[] CONDITIONS = {
        "hypertension", "type2_diabetes", "asthma", "copd", "heart_failure", "influenza", "fracture",
    };
    /** How common each condition is, roughly as in the runtime's sample dataset. */
    private static final int[] CONDITION_WEIGHTS = {20, 13, 10, 6, 5, 21, 25};

    private final String guest;
    private final String description;

    Workload(String guest, String description) {
        this.guest = guest;
        this.description = description;
    }

    /** The guest's name: {@code guests/<name>.wasm} in the io.liop:guests jar. */
    public String guest() {
        return guest;
    }

    public String description() {
        return description;
    }

    /** The request as the guest reads it on stdin: {@code {"params": ..., "records": [...]}}. */
    public abstract String stdin();

    public byte[] stdinBytes() {
        return stdin().getBytes(UTF_8);
    }

    /** The guest module as built by the {@code guests} module. */
    public byte[] wasm() {
        String resource = "/guests/" + guest + ".wasm";
        try (InputStream in = Workload.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath (the io.liop:guests jar carries it)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Workload byGuest(String guest) {
        for (Workload workload : values()) {
            if (workload.guest.equals(guest)) {
                return workload;
            }
        }
        throw new IllegalArgumentException("no workload for guest '" + guest + "'");
    }

    /**
     * Synthetic patients projected to the fields {@code age} and {@code condition}, as a node hands
     * them to a request that declared those fields: {@code [{"age": 34, "condition": "influenza"}, ...]}.
     */
    static String patientRecords(int count, long seed) {
        Random random = new Random(seed);
        int totalWeight = 0;
        for (int weight : CONDITION_WEIGHTS) {
            totalWeight += weight;
        }
        StringBuilder json = new StringBuilder(count * 40).append('[');
        for (int i = 0; i < count; i++) {
            int age = Math.clamp(Math.round(48 + random.nextGaussian() * 20), 1, 97);
            int draw = random.nextInt(totalWeight);
            int condition = 0;
            while (draw >= CONDITION_WEIGHTS[condition]) {
                draw -= CONDITION_WEIGHTS[condition++];
            }
            json.append(i == 0 ? "" : ",\n").append("{\"age\": ").append(age)
                    .append(", \"condition\": \"").append(CONDITIONS[condition]).append("\"}");
        }
        return json.append(']').toString();
    }
}
