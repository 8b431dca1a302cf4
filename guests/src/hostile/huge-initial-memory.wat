;; huge-initial-memory: asks for the whole 4 GiB address space before running a single instruction.
(module
  (memory (export "memory") 65536)
  (func (export "_start")))
