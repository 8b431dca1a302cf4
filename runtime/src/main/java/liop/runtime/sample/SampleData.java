package liop.runtime.sample;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the distribution's sample data, run by the build (exec-maven-plugin):
 * {@code patients.json}, a JSON array of synthetic patients, {@code logs/*.log}, and
 * {@code visits.mv.db}, an embedded H2 database of synthetic clinic visits.
 *
 * <p>Usage: {@code SampleData OUTPUT_DIR}
 */
public final class SampleData {

    public static final String PATIENTS_FILE = "patients.json";
    public static final String LOGS_DIR = "logs";

    private SampleData() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SampleData OUTPUT_DIR");
            System.exit(2);
        }
        write(Path.of(args[0]));
    }

    public static void write(Path output) throws IOException {
        Files.createDirectories(output.resolve(LOGS_DIR));
        writePatients(output.resolve(PATIENTS_FILE), PatientGenerator.generate(PatientGenerator.COUNT, PatientGenerator.SEED));
        for (Map.Entry<String, String> log : SampleLogs.generate(SampleLogs.SEED).entrySet()) {
            Files.writeString(output.resolve(LOGS_DIR).resolve(log.getKey()), log.getValue(), StandardCharsets.UTF_8);
        }
        SampleVisits.write(output, SampleVisits.generate(SampleVisits.COUNT, SampleVisits.SEED));
    }

    /** One record per line, so the file reads well in a pager and diffs well. */
    static void writePatients(Path file, List<Patient> patients) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("[\n");
            for (int i = 0; i < patients.size(); i++) {
                out.write(patients.get(i).json());
                out.write(i + 1 < patients.size() ? ",\n" : "\n");
            }
            out.write("]\n");
        }
    }
}
