;; no-start-export: a library-style module that exports no _start.
(module
  (memory (export "memory") 1)
  (func (export "main")))
