package liop.engine.support.wasi;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import liop.api.engine.Preopen;
import liop.api.engine.Sandbox;
import liop.engine.support.fs.ConfinedFileSystem;

/**
 * The WASI preview1 context of one run, built from its sandbox: Chicory's {@link WasiPreview1} with
 * the sandbox's stdin, arguments, environment and preopens (each a read-only {@link
 * ConfinedFileSystem}), writing to the streams the engine captures, behind {@link GuardedWasi}.
 * Both engines give a guest these functions: the Chicory engine links them as they are, the
 * GraalWasm engine as host functions of the guest's import object. A guest thus sees the same
 * files, errors and bytes on either.
 *
 * <pre>{@code
 * try (SandboxWasi wasi = SandboxWasi.open(sandbox, stdout, stderr, random)) {
 *     HostFunction[] imports = wasi.hostFunctions();
 *     ... // instantiate the guest with them and run it
 * }
 * }</pre>
 */
public final class SandboxWasi implements AutoCloseable {

    private final WasiPreview1 wasi;
    private final HostFunction[] hostFunctions;

    private SandboxWasi(WasiPreview1 wasi, Sandbox sandbox) {
        this.wasi = wasi;
        this.hostFunctions = GuardedWasi.hostFunctions(wasi, sandbox.clock(), sandbox.random(), sandbox.preopens().size());
    }

    /**
     * The WASI context of one run in {@code sandbox}.
     *
     * @param stdout where the guest's standard output goes
     * @param stderr where the guest's standard error goes
     * @param random the source of the guest's random bytes, when the sandbox grants them
     * @throws MissingPreopenException if the host directory of a preopen is missing or not a directory
     */
    public static SandboxWasi open(Sandbox sandbox, OutputStream stdout, OutputStream stderr, SecureRandom random)
            throws MissingPreopenException {
        WasiOptions.Builder options = WasiOptions.builder()
                .withStdin(new ByteArrayInputStream(sandbox.stdin()), false)
                .withStdout(stdout, false)
                .withStderr(stderr, false)
                .withArguments(sandbox.arguments())
                // reached only when granted: GuardedWasi answers the clock and random calls otherwise
                .withClock(Clock.systemUTC())
                .withRandom(random);
        sandbox.environment().forEach(options::withEnvironment);
        for (Preopen preopen : sandbox.preopens()) {
            options.withDirectory(preopen.guestPath(), confinedView(preopen).root());
        }
        WasiPreview1 wasi = WasiPreview1.builder().withLogger(SilentLogger.INSTANCE).withOptions(options.build()).build();
        return new SandboxWasi(wasi, sandbox);
    }

    private static ConfinedFileSystem confinedView(Preopen preopen) throws MissingPreopenException {
        try {
            return ConfinedFileSystem.of(preopen.hostPath());
        } catch (IOException e) {
            throw new MissingPreopenException("preopen " + preopen.guestPath()
                    + ": its host directory is missing or not a directory; ask the operator to check the node's configuration");
        }
    }

    /** The functions to link the guest's {@value WasiFunctions#MODULE} imports to. */
    public HostFunction[] hostFunctions() {
        return hostFunctions.clone();
    }

    /** Closes the files the guest left open. */
    @Override
    public void close() {
        try {
            wasi.close();
        } catch (RuntimeException e) {
            // closing read-only files cannot lose data; nothing to report
        }
    }

    /** A preopen whose host directory is not there: the operator's configuration, not the guest, is at fault. */
    public static final class MissingPreopenException extends Exception {
        private static final long serialVersionUID = 1L;

        MissingPreopenException(String message) {
            super(message);
        }
    }
}
