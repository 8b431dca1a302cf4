;; grow-bomb: grows memory 16 pages at a time forever, ignoring refusals, touching the last byte each time.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $again
      (drop (memory.grow (i32.const 16)))
      (i32.store8 (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 1)) (i32.const 1))
      (br $again))))
