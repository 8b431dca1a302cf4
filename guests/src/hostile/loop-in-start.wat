;; loop-in-start: an infinite loop in _start; nothing but fuel (or the deadline) can end it.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $forever (br $forever))))
