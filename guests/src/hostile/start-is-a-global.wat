;; start-is-a-global: exports a global under the name _start.
(module
  (memory (export "memory") 1)
  (global (export "_start") i32 (i32.const 0)))
