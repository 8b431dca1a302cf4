;; copy-storm: memory.copy of 2 MiB back and forth between the two halves of memory, forever.
(module
  (memory (export "memory") 64)
  (func (export "_start")
    (loop $again
      (memory.copy (i32.const 0x200000) (i32.const 0) (i32.const 0x200000))
      (memory.copy (i32.const 0) (i32.const 0x200000) (i32.const 0x200000))
      (br $again))))
