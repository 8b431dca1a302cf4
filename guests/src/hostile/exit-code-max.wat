;; exit-code-max: exits with code 0xffffffff, the largest a WASI exit code can be (-1 as an i32).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (i32.const -1))))
