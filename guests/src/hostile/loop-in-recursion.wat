;; loop-in-recursion: recurses 64 calls deep, then loops forever in the innermost frame.
(module
  (memory (export "memory") 1)
  (func $descend (param $depth i32)
    (if (i32.eqz (local.get $depth))
      (then (loop $forever (br $forever))))
    (call $descend (i32.sub (local.get $depth) (i32.const 1))))
  (func (export "_start")
    (call $descend (i32.const 64))))
