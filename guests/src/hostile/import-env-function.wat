;; import-env-function: imports a host function from outside WASI, the classic native escape hatch.
(module
  (import "env" "read_secret" (func $read_secret (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $read_secret))))
