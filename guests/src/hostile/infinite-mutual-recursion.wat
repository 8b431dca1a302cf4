;; infinite-mutual-recursion: two functions calling each other forever.
(module
  (memory (export "memory") 1)
  (func $ping (call $pong))
  (func $pong (call $ping))
  (func (export "_start") (call $ping)))
