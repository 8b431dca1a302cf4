/**
 * The WASI preview1 functions a guest gets on either engine: Chicory's, with ambient authority and
 * writes taken away ({@link liop.engine.support.wasi.SandboxWasi}).
 */
package liop.engine.support.wasi;
