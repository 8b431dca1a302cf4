package liop.libp2p;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the transport logs (System.Logger "liop.libp2p", which goes to
 * java.util.logging when nothing else is installed), so tests can hold it to one line per closed
 * connection.
 */
public final class LogRecorder extends Handler implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger("liop.libp2p");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Level previousLevel = LOGGER.getLevel();

    public LogRecorder() {
        LOGGER.setLevel(Level.ALL);
        setLevel(Level.ALL);
        LOGGER.addHandler(this);
    }

    /** Warnings and worse, as their messages. */
    public List<String> warnings() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).map(LogRecord::getMessage).toList();
    }

    /** Every message, at any level. */
    public List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        LOGGER.removeHandler(this);
        LOGGER.setLevel(previousLevel);
    }
}
