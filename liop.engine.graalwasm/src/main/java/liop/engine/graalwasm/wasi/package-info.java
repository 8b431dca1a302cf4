/** The WASI preview1 functions of the Chicory engine, given to GraalWasm guests as host functions. */
package liop.engine.graalwasm.wasi;
