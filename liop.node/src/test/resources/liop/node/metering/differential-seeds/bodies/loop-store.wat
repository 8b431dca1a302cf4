(local $i i32) (local $acc i32)
(loop $next
  (local.set $acc (i32.add (local.get $acc) (i32.mul (local.get $i) (local.get $i))))
  (i32.store offset=64 (i32.shl (local.get $i) (i32.const 2)) (local.get $acc))
  (local.set $i (i32.add (local.get $i) (i32.const 1)))
  (br_if $next (i32.lt_u (local.get $i) (i32.const 30))))
(i32.add (local.get $acc) (i32.load offset=64 (i32.const 40)))
