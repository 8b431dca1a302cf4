package liop.runtime.sample;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Makes synthetic patients, the same ones for the same seed on every JDK ({@link Random} is
 * specified to the bit). Values are plausible rather than uniform, so that aggregates tell
 * something: chronic conditions come with age, hypertension with high blood pressure, influenza
 * with a fast pulse.
 */
public final class PatientGenerator {

    /** What the sample dataset is made with. */
    public static final long SEED = 20260101L;
    public static final int COUNT = 5000;

    private static final String[] FIRST_NAMES = {
        "Ada", "Alan", "Amara", "Ana", "Ben", "Chen", "Clara", "Dario", "Elena", "Emeka", "Farah", "Felix",
        "Grace", "Hana", "Ines", "Ivan", "Jonas", "Kai", "Lena", "Luis", "Maya", "Mei", "Nadia", "Noah",
        "Olga", "Omar", "Priya", "Rafael", "Rosa", "Sam", "Sofia", "Tariq", "Uma", "Viktor", "Wen", "Yara",
    };
    private static final String[] LAST_NAMES = {
        "Abara", "Berg", "Castillo", "Dimitrov", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jensen",
        "Kowalski", "Lind", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Silva", "Tanaka",
        "Usman", "Varga", "Weber", "Xu", "Yilmaz", "Zhang",
    };
    private static final String[] ZIPS = {"90001", "90002", "90003", "90004", "90005", "90006", "90007", "90008"};
    private static final LocalDate FIRST_ADMISSION = LocalDate.of(2025, 1, 1);
    private static final int ADMISSION_DAYS = 365;

    private PatientGenerator() {}

    public static List<Patient> generate(int count, long seed) {
        Random random = new Random(seed);
        List<Patient> patients = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            patients.add(patient(i, random));
        }
        return patients;
    }

    private static Patient patient(int number, Random random) {
        int age = clamp((int) Math.round(48 + random.nextGaussian() * 20), 1, 97);
        String sex = random.nextBoolean() ? "F" : "M";
        Condition condition = Condition.pick(age, random);
        String name = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " " + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        String ssn = String.format(Locale.ROOT, "%03d-%02d-%04d", 900 + random.nextInt(100), 1 + random.nextInt(99), 1 + random.nextInt(9999));
        String zip = ZIPS[random.nextInt(ZIPS.length)];
        LocalDate admitted = FIRST_ADMISSION.plusDays(random.nextInt(ADMISSION_DAYS));
        int systolic = clamp((int) Math.round(108 + age * 0.35 + condition.systolicShift + random.nextGaussian() * 11), 85, 220);
        int heartRate = clamp((int) Math.round(72 + condition.heartRateShift + random.nextGaussian() * 9), 45, 160);
        return new Patient(String.format(Locale.ROOT, "P%05d", number), name, ssn, age, sex, condition.label, zip, admitted, systolic, heartRate);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    /** The conditions, how common they are among the young and the old, and what they do to vitals. */
    private enum Condition {
        HYPERTENSION("hypertension", 10, 30, 28, 4),
        TYPE2_DIABETES("type2_diabetes", 6, 20, 8, 3),
        ASTHMA("asthma", 14, 6, 0, 6),
        COPD("copd", 1, 12, 4, 8),
        HEART_FAILURE("heart_failure", 1, 10, 12, 12),
        INFLUENZA("influenza", 30, 12, -2, 16),
        FRACTURE("fracture", 38, 10, 2, 5);

        final String label;
        final int weightYoung;
        final int weightOld;
        final int systolicShift;
        final int heartRateShift;

        Condition(String label, int weightYoung, int weightOld, int systolicShift, int heartRateShift) {
            this.label = label;
            this.weightYoung = weightYoung;
            this.weightOld = weightOld;
            this.systolicShift = systolicShift;
            this.heartRateShift = heartRateShift;
        }

        /** A weighted draw, the weights sliding from young to old with age. */
        static Condition pick(int age, Random random) {
            double old = Math.min(1.0, age / 90.0);
            double[] weights = new double[values().length];
            double total = 0;
            for (Condition c : values()) {
                weights[c.ordinal()] = c.weightYoung * (1 - old) + c.weightOld * old;
                total += weights[c.ordinal()];
            }
            double draw = random.nextDouble() * total;
            for (Condition c : values()) {
                draw -= weights[c.ordinal()];
                if (draw < 0) {
                    return c;
                }
            }
            return FRACTURE;
        }
    }
}
