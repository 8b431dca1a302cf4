;; no-output: returns from _start without printing anything.
(module
  (memory (export "memory") 1)
  (func (export "_start")))
