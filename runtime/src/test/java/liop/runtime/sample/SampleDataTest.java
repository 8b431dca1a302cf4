package liop.runtime.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataTest {

    @TempDir
    Path dir;

    @Test
    void writesTheDatasetAsAJsonArrayAndTheLogs() throws Exception {
        SampleData.write(dir);

        JsonNode patients = new ObjectMapper().readTree(dir.resolve("patients.json").toFile());
        assertThat(patients.isArray()).isTrue();
        assertThat(patients.size()).isEqualTo(PatientGenerator.COUNT);
        assertThat(dir.resolve("logs")).isDirectoryContaining("glob:**/app.log").isDirectoryContaining("glob:**/access.log").isDirectoryContaining("glob:**/auth.log");
        assertThat(Files.readAllLines(dir.resolve("logs/app.log"))).hasSize(SampleLogs.LINES_PER_FILE).anyMatch(l -> l.contains(" ERROR "));
        assertThat(Files.readAllLines(dir.resolve("logs/auth.log"))).anyMatch(l -> l.contains("login FAILED"));
    }

    @Test
    void twoRunsWriteTheSameBytes() throws Exception {
        SampleData.write(dir.resolve("one"));
        SampleData.write(dir.resolve("two"));

        for (String file : new String[] {"patients.json", "logs/app.log", "logs/access.log", "logs/auth.log"}) {
            assertThat(Files.mismatch(dir.resolve("one").resolve(file), dir.resolve("two").resolve(file))).as(file).isEqualTo(-1);
        }
    }
}
