/** A read-only, confined view of a host directory, handed to Chicory's WASI as a preopen (on both engines). */
package liop.engine.support.fs;
