;; import-wasi-table: imports a table from the host, to call host functions by index.
(module
  (import "wasi_snapshot_preview1" "table" (table 8 funcref))
  (memory (export "memory") 1)
  (func (export "_start")))
