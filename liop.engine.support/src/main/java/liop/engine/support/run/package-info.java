/**
 * From bytes to results, the parts both engines share: the rules a module must meet ({@link
 * liop.engine.support.run.ModuleRules}) and the memory it declares, compiled modules cached by
 * SHA-256 with one load per module however many ask at once ({@link
 * liop.engine.support.run.ModuleCache}), the runs in flight an engine going away waits for, the
 * thread a guest runs on and its deadline ({@link liop.engine.support.run.GuestThread}), its
 * bounded output, and how a run ended, in the words both engines use ({@link
 * liop.engine.support.run.RunEnding}, {@link liop.engine.support.run.Traps}).
 */
package liop.engine.support.run;
