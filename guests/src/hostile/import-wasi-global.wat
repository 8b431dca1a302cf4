;; import-wasi-global: imports a mutable global named like the node's fuel counter, to tamper with it.
(module
  (import "wasi_snapshot_preview1" "liop_fuel_used" (global $fuel (mut i64)))
  (memory (export "memory") 1)
  (func (export "_start")
    (global.set $fuel (i64.const 0))))
