package liop.api.engine;

import org.osgi.annotation.versioning.ConsumerType;

/** A module compiled once by an engine and runnable any number of times, from any thread. */
@ConsumerType
public interface CompiledModule {

    /** Lowercase hex SHA-256 of the module bytes this was compiled from. */
    String sha256();

    /** The engine that compiled this module and will run it. */
    EngineInfo engine();

    /**
     * Instantiates the module in a fresh sandbox and runs its {@code _start} export to completion,
     * to a trap, or to a limit. Never throws for anything the guest does.
     */
    RunResult run(Sandbox sandbox);
}
