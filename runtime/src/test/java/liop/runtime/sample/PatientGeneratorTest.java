package liop.runtime.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PatientGeneratorTest {

    private static final List<Patient> SAMPLE = PatientGenerator.generate(PatientGenerator.COUNT, PatientGenerator.SEED);

    @Test
    void theSameSeedGivesTheSamePatients() {
        assertThat(PatientGenerator.generate(200, 7)).isEqualTo(PatientGenerator.generate(200, 7));
        assertThat(PatientGenerator.generate(200, 7)).isNotEqualTo(PatientGenerator.generate(200, 8));
    }

    @Test
    void theSampleHasAFewThousandPatientsWithUniqueIds() {
        assertThat(SAMPLE).hasSize(5000);
        assertThat(SAMPLE.stream().map(Patient::id).distinct()).hasSize(5000);
        assertThat(SAMPLE.get(0).id()).isEqualTo("P00001");
    }

    @Test
    void everyRecordIsJsonWithTheDatasetsFieldsInOrder() throws Exception {
        JsonNode record = new ObjectMapper().readTree(SAMPLE.get(0).json());

        List<String> fields = new java.util.ArrayList<>();
        record.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "name", "ssn", "age", "sex", "condition", "zip", "admitted", "systolic_bp", "heart_rate");
        assertThat(record.get("age").isInt()).isTrue();
        assertThat(record.get("admitted").asText()).matches("2025-\\d\\d-\\d\\d");
    }

    @Test
    void valuesArePlausibleAndObviouslySynthetic() {
        assertThat(SAMPLE).allSatisfy(p -> {
            assertThat(p.ssn()).matches("9\\d\\d-\\d\\d-\\d{4}"); // area 900-999 is never issued
            assertThat(p.age()).isBetween(1, 97);
            assertThat(p.sex()).isIn("F", "M");
            assertThat(p.systolicBp()).isBetween(85, 220);
            assertThat(p.heartRate()).isBetween(45, 160);
        });
    }

    @Test
    void conditionsAreVariedAndHypertensionRaisesBloodPressure() {
        Map<String, List<Patient>> byCondition = SAMPLE.stream().collect(Collectors.groupingBy(Patient::condition));

        assertThat(byCondition).hasSizeGreaterThanOrEqualTo(5);
        assertThat(byCondition.values()).allSatisfy(group -> assertThat(group).hasSizeGreaterThan(100));
        assertThat(average(byCondition.get("hypertension"), Patient::systolicBp)).isGreaterThan(average(byCondition.get("asthma"), Patient::systolicBp) + 15);
        assertThat(average(byCondition.get("copd"), Patient::age)).isGreaterThan(average(byCondition.get("fracture"), Patient::age));
    }

    private static double average(List<Patient> patients, Function<Patient, Integer> value) {
        return patients.stream().mapToInt(value::apply).average().orElseThrow();
    }
}
