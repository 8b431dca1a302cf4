package liop.node.ledger;

import java.nio.file.Path;
import java.util.List;

/**
 * A separate node process charging a file ledger as fast as it can: {@code FILE KEY LIMIT}. It
 * prints {@code ok N} once charge N is applied, and {@code refused} when the limit is reached.
 * The tests start several at once, and kill them with SIGKILL in the middle of charging.
 */
public final class LedgerHammer {

    public static void main(String[] args) throws Exception {
        Ledger ledger = new FileLedger(Path.of(args[0]));
        long limit = Long.parseLong(args[2]);
        for (long n = 1; ; n++) {
            Ledger.Outcome outcome = ledger.charge(List.of(new Ledger.Charge(args[1], 1, limit)));
            if (outcome instanceof Ledger.Outcome.Refused) {
                System.out.println("refused");
                System.out.flush();
                return;
            }
            System.out.println("ok " + n);
            System.out.flush();
        }
    }
}
