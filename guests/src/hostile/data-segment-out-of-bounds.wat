;; data-segment-out-of-bounds: an active data segment that ends past the memory, written at instantiation.
(module
  (memory (export "memory") 1)
  (data (i32.const 65535) "xy")
  (func (export "_start")))
