;; start-section-trap: traps in the start section, while the module is still being instantiated.
(module
  (memory (export "memory") 1)
  (func $boom (unreachable))
  (start $boom)
  (func (export "_start")))
