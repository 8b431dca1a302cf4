;; fill-storm: memory.fill over all 4 MiB of memory, again and again: one instruction, much work.
(module
  (memory (export "memory") 64)
  (func (export "_start")
    (loop $again
      (memory.fill (i32.const 0) (i32.const 0xab) (i32.const 0x400000))
      (br $again))))
