/**
 * From bytes to results on GraalWasm: checking and rewriting modules once ({@link liop.engine.graalwasm.runtime.ModuleLoader}),
 * one polyglot engine per LIOP engine ({@link liop.engine.graalwasm.runtime.GraalWasm}), and running
 * modules, each run in a fresh polyglot context on a thread of its own under the sandbox's limits
 * ({@link liop.engine.graalwasm.runtime.GuestRun}). What the Chicory engine does the same way lives
 * in {@code liop.engine.support}, embedded in this bundle.
 */
package liop.engine.graalwasm.runtime;
