;; wasi-wrong-signature: imports fd_write with a made-up signature (i64) -> i64 and calls it.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i64) (result i64)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $fd_write (i64.const 1)))))
