package liop.node.ledger;

import java.util.List;
import liop.node.jdbc.JdbcTarget;
import liop.node.jdbc.TestDatabases;

/**
 * A separate node process charging a PostgreSQL ledger as fast as it can: {@code URL TABLE KEY LIMIT}.
 * It prints {@code ok N} once charge N is committed, and {@code refused} when the limit is reached.
 * The tests start several at once, and kill them with SIGKILL in the middle of charging.
 */
public final class PostgresLedgerHammer {

    public static void main(String[] args) throws Exception {
        JdbcTarget database = new JdbcTarget(args[0], "", "");
        Ledger ledger = new PostgresLedger(() -> TestDatabases.drivers().dataSource(database), database.describe(), args[1]);
        long limit = Long.parseLong(args[3]);
        for (long n = 1; ; n++) {
            Ledger.Outcome outcome = ledger.charge(List.of(new Ledger.Charge(args[2], 1, limit)));
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
