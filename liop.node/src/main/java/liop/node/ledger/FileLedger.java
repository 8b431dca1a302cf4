package liop.node.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * A ledger in one text file, shared by every node process on the machine.
 *
 * <ul>
 *   <li>Each change holds an exclusive lock on {@code FILE.lock} (an OS file lock, so other
 *       processes wait; plus a lock inside this JVM, where file locks do not exclude threads).
 *   <li>It reads the file, applies the charges, writes {@code FILE.tmp}, forces it to disk, renames
 *       it over the file atomically and forces the directory: after a crash at any instant the file
 *       is the old version or the new one, never a mix, and a charge is reported applied only once
 *       it is on disk. A checksum line catches a file damaged some other way.
 * </ul>
 *
 * Every operation rewrites the whole file: fine for the thousands of counters a node keeps, not
 * for millions (use the PostgreSQL ledger there).
 */
public final class FileLedger implements Ledger {

    private static final String HEADER = "# LIOP ledger v1";
    private static final String CHECKSUM = "# crc32 ";
    private static final Map<Path, ReentrantLock> LOCKS_IN_THIS_JVM = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final Path tmpFile;
    private final ReentrantLock jvmLock;

    public FileLedger(Path file) throws LedgerException {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.tmpFile = this.file.resolveSibling(this.file.getFileName() + ".tmp");
        this.jvmLock = LOCKS_IN_THIS_JVM.computeIfAbsent(this.file, p -> new ReentrantLock());
        try {
            Files.createDirectories(this.file.getParent());
        } catch (IOException e) {
            throw new LedgerException("cannot create the folder of the ledger " + this.file + ": " + e, e);
        }
        locked(values -> null, false); // reads it once: a damaged file is reported now, not at the first query
    }

    @Override
    public Outcome charge(List<Charge> charges) throws LedgerException {
        return locked(values -> Entries.apply(values, charges), true);
    }

    @Override
    public Map<String, Long> read(String prefix) throws LedgerException {
        return locked(values -> Entries.withPrefix(values, prefix), false);
    }

    @Override
    public void forget(String prefix) throws LedgerException {
        locked(values -> values.keySet().removeIf(k -> k.startsWith(prefix)), true);
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    private <T> T locked(Function<Map<String, Long>, T> work, boolean writes) throws LedgerException {
        jvmLock.lock();
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock osLock = lockChannel.lock()) {
            Map<String, Long> values = load();
            Map<String, Long> before = writes ? new TreeMap<>(values) : null;
            T result = work.apply(values);
            if (writes && !values.equals(before)) {
                store(values);
            }
            return result;
        } catch (IOException e) {
            throw new LedgerException("the ledger " + file + " could not be " + (writes ? "updated" : "read") + ": " + e, e);
        } finally {
            jvmLock.unlock();
        }
    }

    private Map<String, Long> load() throws IOException, LedgerException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        }
        if (lines.size() < 2 || !lines.get(0).equals(HEADER) || !lines.get(lines.size() - 1).startsWith(CHECKSUM)) {
            throw new LedgerException("the ledger " + file + " is damaged (no header or checksum line); restore it from a backup or move it away to start from zero");
        }
        List<String> body = lines.subList(1, lines.size() - 1);
        String expected = lines.get(lines.size() - 1).substring(CHECKSUM.length());
        if (!expected.equals(checksum(body))) {
            throw new LedgerException("the ledger " + file + " is damaged (checksum mismatch); restore it from a backup or move it away to start from zero");
        }
        Map<String, Long> values = new TreeMap<>();
        for (String line : body) {
            int tab = line.lastIndexOf('\t');
            if (tab < 0) {
                throw new LedgerException("the ledger " + file + " has a line without a value: restore it from a backup");
            }
            try {
                values.put(unescape(line.substring(0, tab)), Long.parseLong(line.substring(tab + 1)));
            } catch (NumberFormatException e) {
                throw new LedgerException("the ledger " + file + " has a value that is not a number: restore it from a backup");
            }
        }
        return values;
    }

    private void store(Map<String, Long> values) throws IOException {
        StringBuilder body = new StringBuilder();
        List<String> lines = new ArrayList<>(values.size());
        for (Map.Entry<String, Long> e : new TreeMap<>(values).entrySet()) {
            lines.add(escape(e.getKey()) + "\t" + e.getValue());
        }
        body.append(HEADER).append('\n');
        lines.forEach(l -> body.append(l).append('\n'));
        body.append(CHECKSUM).append(checksum(lines)).append('\n');
        try (FileChannel out = FileChannel.open(tmpFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        try {
            Files.move(tmpFile, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + file + " cannot rename atomically; put the ledger on a local disk", e);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself reaches the disk
        } catch (IOException notSupportedOnThisPlatform) {
            // some platforms cannot open a directory; the rename is still atomic
        }
    }

    private static String checksum(List<String> lines) {
        CRC32 crc = new CRC32();
        for (String line : lines) {
            crc.update(line.getBytes(StandardCharsets.UTF_8));
            crc.update('\n');
        }
        return Long.toHexString(crc.getValue());
    }

    private static String escape(String key) {
        return key.replace("%", "%25").replace("\t", "%09").replace("\n", "%0A").replace("\r", "%0D");
    }

    private static String unescape(String key) {
        return key.replace("%0D", "\r").replace("%0A", "\n").replace("%09", "\t").replace("%25", "%");
    }
}
