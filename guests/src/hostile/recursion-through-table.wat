;; recursion-through-table: infinite recursion through call_indirect, which static call graphs miss.
(module
  (type $void (func))
  (memory (export "memory") 1)
  (table 1 funcref)
  (elem (i32.const 0) $down)
  (func $down (call_indirect (type $void) (i32.const 0)))
  (func (export "_start") (call $down)))
