/**
 * The WASI preview1 functions both engines give their guests ({@code liop.engine.support.wasi}),
 * handed to GraalWasm guests as host functions.
 */
package liop.engine.graalwasm.wasi;
