package liop.runtime.sample;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.ServiceLoader;

/**
 * Makes the sample database: an embedded H2 file {@code visits.mv.db} holding the table
 * {@code visits}, synthetic clinic visits for the JDBC dataset of the distribution. The rows are
 * the same for the same seed ({@link Random} is specified to the bit); the file's bytes are not,
 * as H2 stamps its own headers.
 */
public final class SampleVisits {

    public static final long SEED = 20260103L;
    public static final int COUNT = 3000;
    /** The database as H2 names it: {@code NAME.mv.db} on disk, {@code jdbc:h2:DIR/NAME} in URLs. */
    public static final String DATABASE = "visits";
    public static final String USER = "sa";

    /** A visit of one of the sample patients to one of the network's clinics. */
    public record Visit(int id, String patientId, String clinic, String department, String condition, int age, LocalDate visitDate,
            int nights, BigDecimal cost, boolean insured, String zip) {}

    private static final String[] CLINICS = {"north", "south", "east", "west", "central"};
    private static final String[] ZIPS = {"90001", "90002", "90003", "90004", "90005", "90006", "90007", "90008"};
    /** Why patients come: the department that sees them, how often, and what such a visit usually costs. */
    private record Reason(String condition, String department, int weight, int typicalCost) {
        boolean needsAStay() {
            return typicalCost > 1000;
        }
    }

    private static final List<Reason> REASONS = List.of(
            new Reason("hypertension", "cardiology", 18, 180),
            new Reason("heart_failure", "cardiology", 5, 2400),
            new Reason("type2_diabetes", "endocrinology", 12, 160),
            new Reason("asthma", "pulmonology", 10, 140),
            new Reason("copd", "pulmonology", 6, 900),
            new Reason("influenza", "general", 25, 95),
            new Reason("fracture", "orthopedics", 14, 1300),
            new Reason("checkup", "general", 10, 70));
    private static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);

    private SampleVisits() {}

    public static List<Visit> generate(int count, long seed) {
        Random random = new Random(seed);
        List<Visit> visits = new ArrayList<>(count);
        for (int id = 1; id <= count; id++) {
            Reason reason = pick(random);
            int age = Math.max(1, Math.min(97, (int) Math.round(50 + random.nextGaussian() * 19)));
            int nights = reason.needsAStay() ? 1 + random.nextInt(8) : (random.nextInt(10) == 0 ? 1 : 0);
            double cost = reason.typicalCost() * (0.6 + random.nextDouble() * 0.8) + nights * 350;
            visits.add(new Visit(id, String.format(Locale.ROOT, "P%05d", 1 + random.nextInt(PatientGenerator.COUNT)),
                    CLINICS[random.nextInt(CLINICS.length)], reason.department(), reason.condition(), age,
                    FIRST_DAY.plusDays(random.nextInt(365)), nights, BigDecimal.valueOf(cost).setScale(2, RoundingMode.HALF_UP),
                    random.nextInt(100) < 87, ZIPS[random.nextInt(ZIPS.length)]));
        }
        return visits;
    }

    private static Reason pick(Random random) {
        int draw = random.nextInt(REASONS.stream().mapToInt(Reason::weight).sum());
        for (Reason reason : REASONS) {
            draw -= reason.weight();
            if (draw < 0) {
                return reason;
            }
        }
        throw new IllegalStateException("the draw is below the total weight");
    }

    /** Writes {@code dir/visits.mv.db} anew, holding {@code visits}. */
    public static void write(Path dir, List<Visit> visits) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(DATABASE + ".mv.db"));
        Files.deleteIfExists(dir.resolve(DATABASE + ".trace.db"));
        // Quoted lower-case names, as a PostgreSQL user would expect them: fields are visit_id, not VISIT_ID.
        try (Connection db = connect("jdbc:h2:" + dir.toAbsolutePath().resolve(DATABASE))) {
            try (Statement create = db.createStatement()) {
                create.execute("""
                        CREATE TABLE "visits" (
                            "visit_id" INTEGER PRIMARY KEY,
                            "patient_id" VARCHAR(6) NOT NULL,
                            "clinic" VARCHAR(20) NOT NULL,
                            "department" VARCHAR(20) NOT NULL,
                            "condition" VARCHAR(20) NOT NULL,
                            "age" INTEGER NOT NULL,
                            "visit_date" DATE NOT NULL,
                            "nights" INTEGER NOT NULL,
                            "cost" DECIMAL(10, 2) NOT NULL,
                            "insured" BOOLEAN NOT NULL,
                            "zip" VARCHAR(5) NOT NULL)""");
            }
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO \"visits\" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Visit v : visits) {
                    insert.setInt(1, v.id());
                    insert.setString(2, v.patientId());
                    insert.setString(3, v.clinic());
                    insert.setString(4, v.department());
                    insert.setString(5, v.condition());
                    insert.setInt(6, v.age());
                    insert.setObject(7, v.visitDate());
                    insert.setInt(8, v.nights());
                    insert.setBigDecimal(9, v.cost());
                    insert.setBoolean(10, v.insured());
                    insert.setString(11, v.zip());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            db.commit();
            try (Statement compact = db.createStatement()) {
                compact.execute("SHUTDOWN COMPACT"); // a small file, closed cleanly
            }
        } catch (SQLException e) {
            throw new IOException("cannot write the sample database in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Asks the drivers of this class path directly: under exec:java, DriverManager may know another class loader's. */
    private static Connection connect(String url) throws SQLException {
        for (Driver driver : ServiceLoader.load(Driver.class, SampleVisits.class.getClassLoader())) {
            if (driver.acceptsURL(url)) {
                Properties settings = new Properties();
                settings.setProperty("user", USER);
                settings.setProperty("password", "");
                return driver.connect(url, settings);
            }
        }
        throw new SQLException("no JDBC driver for " + url + " on the class path: the runtime module depends on H2 for this");
    }
}
