/**
 * From bytes to results: loading and compiling modules once ({@link liop.engine.chicory.runtime.ModuleLoader}),
 * and running them, each run in a fresh instance on a thread of its own under the sandbox's limits
 * ({@link liop.engine.chicory.runtime.GuestRun}), with a call depth that is the same in both modes
 * ({@link liop.engine.chicory.runtime.CallStack}).
 */
package liop.engine.chicory.runtime;
