package liop.runtime.sample;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Makes the sample log files of a fictitious clinic's services, for the logsearch guest: an
 * application log with a few errors, a web access log and an authentication log with failed logins.
 * Deterministic for a seed, like {@link PatientGenerator}.
 */
public final class SampleLogs {

    public static final long SEED = 20260102L;
    public static final int LINES_PER_FILE = 400;

    private static final LocalDateTime START = LocalDateTime.of(2026, 1, 5, 8, 0, 0);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT);
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss '+0000'", Locale.ROOT);
    private static final String[] USERS = {"alice", "bob", "carol", "dmitri", "erin", "farid", "gita", "hugo"};
    private static final String[] PATHS = {"/api/patients", "/api/admissions", "/api/vitals", "/health", "/login", "/api/reports/daily"};

    private SampleLogs() {}

    /** File name to contents, in a fixed order. */
    public static Map<String, String> generate(long seed) {
        Random random = new Random(seed);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app.log", lines(random, SampleLogs::appLine));
        files.put("access.log", lines(random, SampleLogs::accessLine));
        files.put("auth.log", lines(random, SampleLogs::authLine));
        return files;
    }

    private interface LineMaker {
        String line(LocalDateTime time, Random random);
    }

    private static String lines(Random random, LineMaker maker) {
        List<String> lines = new ArrayList<>();
        LocalDateTime time = START;
        for (int i = 0; i < LINES_PER_FILE; i++) {
            time = time.plusSeconds(1 + random.nextInt(90));
            lines.add(maker.line(time, random));
        }
        return String.join("\n", lines) + "\n";
    }

    private static String appLine(LocalDateTime time, Random random) {
        int roll = random.nextInt(100);
        String stamp = ISO.format(time);
        if (roll < 4) {
            return stamp + " ERROR [admissions] database timeout after " + (3000 + random.nextInt(2000)) + " ms, request " + requestId(random) + " failed";
        }
        if (roll < 6) {
            return stamp + " ERROR [reports] daily report aborted: disk quota exceeded on /var/reports";
        }
        if (roll < 15) {
            return stamp + " WARN  [vitals] sensor feed late by " + (5 + random.nextInt(60)) + " s (ward " + (1 + random.nextInt(6)) + ")";
        }
        return stamp + " INFO  [" + (random.nextBoolean() ? "admissions" : "vitals") + "] request " + requestId(random) + " served in " + (4 + random.nextInt(120)) + " ms";
    }

    private static String accessLine(LocalDateTime time, Random random) {
        int roll = random.nextInt(100);
        int status = roll < 3 ? 500 : roll < 8 ? 404 : roll < 12 ? 401 : 200;
        String method = random.nextInt(4) == 0 ? "POST" : "GET";
        return "10.0." + random.nextInt(4) + "." + (2 + random.nextInt(250)) + " - - [" + CLF.format(time) + "] \""
                + method + " " + PATHS[random.nextInt(PATHS.length)] + " HTTP/1.1\" " + status + " " + (120 + random.nextInt(9000));
    }

    private static String authLine(LocalDateTime time, Random random) {
        String user = USERS[random.nextInt(USERS.length)];
        String from = "10.0." + random.nextInt(4) + "." + (2 + random.nextInt(250));
        int roll = random.nextInt(100);
        if (roll < 10) {
            return ISO.format(time) + " login FAILED user=" + user + " from=" + from + " reason=bad_password";
        }
        if (roll < 12) {
            return ISO.format(time) + " login FAILED user=root from=" + from + " reason=unknown_user";
        }
        return ISO.format(time) + " login ok user=" + user + " from=" + from;
    }

    private static String requestId(Random random) {
        return String.format(Locale.ROOT, "r-%06x", random.nextInt(1 << 24));
    }
}
