package liop.engine.support.wasi;

import com.dylibso.chicory.log.Logger;

/**
 * Keeps Chicory's WASI logging quiet. Its trace lines carry guest-chosen paths, and some guest calls
 * log at error level, so a guest could otherwise write into the host's log at will.
 */
enum SilentLogger implements Logger {
    INSTANCE;

    @Override
    public void log(Level level, String msg, Throwable throwable) {}

    @Override
    public boolean isLoggable(Level level) {
        return false;
    }
}
