(local $x i32)
(local.set $x (i32.const 3))
(block $out (result i32)
  (block $b2
    (block $b1
      (block $b0
        (br_table $b0 $b1 $b2 $b1 (local.get $x)))
      (br $out (i32.const 10)))
    (drop (br_if $out (i32.const 11) (local.get $x)))
    (drop (i32.const 99)))
  (if (result i32) (i32.eqz (local.get $x))
    (then (i32.const 12))
    (else (select (i32.const 13) (i32.const 14) (i32.gt_u (local.get $x) (i32.const 2))))))
