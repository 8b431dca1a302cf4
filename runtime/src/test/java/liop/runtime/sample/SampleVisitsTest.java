package liop.runtime.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleVisitsTest {

    @TempDir
    Path dir;

    @Test
    void theSameSeedMakesTheSameVisits() {
        List<SampleVisits.Visit> visits = SampleVisits.generate(SampleVisits.COUNT, SampleVisits.SEED);

        assertThat(visits).hasSize(SampleVisits.COUNT).isEqualTo(SampleVisits.generate(SampleVisits.COUNT, SampleVisits.SEED));
        assertThat(visits).extracting(SampleVisits.Visit::condition).contains("influenza", "fracture", "heart_failure", "checkup");
        assertThat(visits).allSatisfy(v -> {
            assertThat(v.cost().scale()).isEqualTo(2);
            assertThat(v.cost().signum()).isPositive();
            assertThat(v.age()).isBetween(1, 97);
        });
    }

    @Test
    void writesATableTheNodeReadsReadOnlyWithLowerCaseColumns() throws Exception {
        SampleVisits.write(dir, SampleVisits.generate(100, 1));
        SampleVisits.write(dir, SampleVisits.generate(SampleVisits.COUNT, SampleVisits.SEED)); // a second build replaces the file

        String url = "jdbc:h2:" + dir.resolve(SampleVisits.DATABASE) + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE";
        try (Connection db = DriverManager.getConnection(url, SampleVisits.USER, ""); Statement query = db.createStatement();
                ResultSet rows = query.executeQuery("SELECT * FROM \"visits\" ORDER BY \"visit_id\"")) {
            ResultSetMetaData columns = rows.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                names.add(columns.getColumnLabel(i));
            }
            assertThat(names).containsExactly("visit_id", "patient_id", "clinic", "department", "condition", "age", "visit_date", "nights",
                    "cost", "insured", "zip");
            int count = 0;
            while (rows.next()) {
                count++;
            }
            assertThat(count).isEqualTo(SampleVisits.COUNT);
        }
    }
}
