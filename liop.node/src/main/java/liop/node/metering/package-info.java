/**
 * Engine-independent fuel metering: {@link liop.node.metering.FuelMeter} rewrites a WebAssembly
 * module so that it counts its own fuel and traps when it runs out. Plain Java, no OSGi: the node
 * calls it between the Guardian and the engine.
 *
 * <p>How it is built, from the bytes up: {@link liop.node.metering.BinaryReader} and {@link
 * liop.node.metering.BinaryWriter} (LEB128, bounded reads), {@link liop.node.metering.Sections}
 * (the section list), {@link liop.node.metering.ModuleSummary} (what the rewrite needs to know),
 * {@link liop.node.metering.InstructionDecoder} (one instruction at a time, no recursion), {@link
 * liop.node.metering.CallGraph} (which calls may reach the host), {@link
 * liop.node.metering.CostModel} (what each instruction costs), {@link
 * liop.node.metering.FuelCharges} (the instructions the meter inserts, and its helper function),
 * {@link liop.node.metering.FunctionRewriter} (where it inserts them) and {@link
 * liop.node.metering.ModuleRewriter} (the module put back together).
 */
package liop.node.metering;
