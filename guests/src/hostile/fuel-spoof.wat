;; fuel-spoof: exports its own global under the name of the node's fuel counter, to fake the fuel it reports.
(module
  (memory (export "memory") 1)
  (global (export "liop_fuel_used") (mut i64) (i64.const 0))
  (func (export "_start")))
