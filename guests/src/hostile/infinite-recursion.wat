;; infinite-recursion: a function calling itself forever; the stack overflow must come back as a
;; trap, never as a JVM StackOverflowError escaping the engine.
(module
  (memory (export "memory") 1)
  (func $down (call $down))
  (func (export "_start") (call $down)))
