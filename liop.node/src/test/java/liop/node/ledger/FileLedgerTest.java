package liop.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLedgerTest {

    @TempDir
    Path dir;

    @Test
    void chargesAllOrNothing() throws Exception {
        Ledger ledger = new FileLedger(dir.resolve("budgets/ledger.txt"));
        ledger.charge(List.of(new Ledger.Charge("a", 2, 3)));

        Ledger.Outcome refused = ledger.charge(List.of(new Ledger.Charge("b", 1, 5), new Ledger.Charge("a", 2, 3)));

        assertThat(refused).isEqualTo(new Ledger.Outcome.Refused(new Ledger.Charge("a", 2, 3), 2));
        assertThat(ledger.read("")).containsExactly(Map.entry("a", 2L));
    }

    @Test
    void survivesARestartAndKeepsOddKeys() throws Exception {
        Path file = dir.resolve("ledger.txt");
        new FileLedger(file).charge(List.of(new Ledger.Charge("budget/local:a\tb%c\n/ssn", 3, 10)));

        assertThat(new FileLedger(file).read("budget/")).containsExactly(Map.entry("budget/local:a\tb%c\n/ssn", 3L));
    }

    @Test
    void reportsADamagedFileInsteadOfStartingFromZero() throws Exception {
        Path file = dir.resolve("ledger.txt");
        new FileLedger(file).charge(List.of(new Ledger.Charge("a", 1, 10)));
        Files.writeString(file, Files.readString(file).replace("a\t1", "a\t0"));

        assertThatThrownBy(() -> new FileLedger(file)).isInstanceOf(LedgerException.class).hasMessageContaining("checksum mismatch");
        Files.writeString(file, "garbage");
        assertThatThrownBy(() -> new FileLedger(file)).hasMessageContaining("damaged");
    }

    @Test
    void threadsNeverOverspend() throws Exception {
        Ledger ledger = new FileLedger(dir.resolve("ledger.txt"));
        AtomicLong granted = new AtomicLong();
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        if (ledger.charge(List.of(new Ledger.Charge("k", 1, 200))) instanceof Ledger.Outcome.Charged) {
                            granted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        }
        assertThat(granted).hasValue(200);
        assertThat(ledger.read("k")).containsExactly(Map.entry("k", 200L));
    }

    @Test
    void twoNodeProcessesSharingTheFileNeverOverspend() throws Exception {
        Path file = dir.resolve("shared.txt");
        Process first = hammer(file, "shared", 150);
        Process second = hammer(file, "shared", 150);

        long acknowledged = HammerProcess.acknowledged(first) + HammerProcess.acknowledged(second);

        assertThat(first.waitFor(60, TimeUnit.SECONDS) && second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).isEqualTo(150);
        assertThat(new FileLedger(file).read("shared")).containsExactly(Map.entry("shared", 150L));
    }

    @Test
    void killingAProcessMidChargeNeverLosesOrCorruptsACount() throws Exception {
        Path file = dir.resolve("crash.txt");
        Random random = new Random(42);
        long acknowledgedTotal = 0;
        for (int round = 0; round < 8; round++) {
            Process process = hammer(file, "crash", Long.MAX_VALUE);
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine(); // charging has begun
            assertThat(first).startsWith("ok");
            Thread.sleep(20 + random.nextInt(150));
            process.toHandle().destroyForcibly(); // SIGKILL (without closing our end of its stdout)
            process.waitFor(10, TimeUnit.SECONDS);
            long acknowledged = Long.parseLong(first.substring(3));
            for (String line; (line = out.readLine()) != null; ) {
                acknowledged = Long.parseLong(line.substring(3));
            }
            acknowledgedTotal += acknowledged;

            long stored = new FileLedger(file).read("crash").getOrDefault("crash", 0L);
            // Every acknowledged charge is on disk; at most the one in flight at the kill is there unacknowledged.
            assertThat(stored).as("round %d", round).isBetween(acknowledgedTotal, acknowledgedTotal + round + 1);
            acknowledgedTotal = stored;
        }
        assertThat(acknowledgedTotal).isPositive();
    }

    private static Process hammer(Path file, String key, long limit) throws IOException {
        return HammerProcess.start(LedgerHammer.class, file.toString(), key, Long.toString(limit));
    }
}
