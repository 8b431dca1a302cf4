;; start-with-params: a _start that expects an argument the node will never pass.
(module
  (memory (export "memory") 1)
  (func (export "_start") (param i32)))
