/**
 * From bytes to results on Chicory: loading and compiling modules once ({@link liop.engine.chicory.runtime.ModuleLoader}),
 * and running them, each run in a fresh instance on a thread of its own under the sandbox's limits
 * ({@link liop.engine.chicory.runtime.GuestRun}), with a call depth that is the same in both modes
 * ({@link liop.engine.support.depth.CallStack}). What the GraalWasm engine does the same way lives
 * in {@code liop.engine.support}, embedded in this bundle.
 */
package liop.engine.chicory.runtime;
