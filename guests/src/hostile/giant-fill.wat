;; giant-fill: a single memory.fill of 4 GiB - 1 bytes; its fuel must be charged before it does any work.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (memory.fill (i32.const 0) (i32.const 0) (i32.const -1))))
