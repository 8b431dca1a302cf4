;; copy-storm: memory.copy of 8 MiB back and forth between the two halves of memory, forever.
(module
  (memory (export "memory") 256)
  (func (export "_start")
    (loop $again
      (memory.copy (i32.const 0x800000) (i32.const 0) (i32.const 0x800000))
      (memory.copy (i32.const 0) (i32.const 0x800000) (i32.const 0x800000))
      (br $again))))
