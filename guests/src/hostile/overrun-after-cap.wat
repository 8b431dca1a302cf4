;; overrun-after-cap: grows to the cap, ignores the refusal and writes just past the end of memory.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $grow
      (br_if $grow (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (i32.store (i32.mul (memory.size) (i32.const 65536)) (i32.const 42))))
