;; Seed for MeteringDifferentialFuzzTest: loops the fuzzer can bend (counts, exits, nesting).
;; Exports take no parameters, so every mutant still has something to call.
(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "triangle") (result i64) (local $i i32) (local $sum i64)
    (loop $next
      (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 100))))
    (local.get $sum))
  (func (export "nested") (result i32) (local $i i32) (local $j i32) (local $acc i32)
    (block $outer_done
      (loop $outer
        (br_if $outer_done (i32.ge_u (local.get $i) (i32.const 12)))
        (local.set $j (i32.const 0))
        (block $inner_done
          (loop $inner
            (br_if $inner_done (i32.ge_u (local.get $j) (local.get $i)))
            (local.set $acc (i32.xor (i32.rotl (local.get $acc) (i32.const 5)) (i32.mul (local.get $i) (local.get $j))))
            (i32.store8 (i32.and (local.get $acc) (i32.const 0xffff)) (local.get $j))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $inner)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (local.get $acc))
  (func (export "dispatch") (result i32) (local $i i32) (local $r i32)
    (loop $again
      (block $d
        (block $c
          (block $b
            (block $a
              (br_table $a $b $c $d (i32.rem_u (local.get $i) (i32.const 5))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $d))
          (local.set $r (i32.mul (local.get $r) (i32.const 3)))
          (br $d))
        (local.set $r (i32.sub (local.get $r) (i32.const 7))))
      (global.set $g (i32.add (global.get $g) (local.get $r)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 40))))
    (if (result i32) (i32.and (local.get $r) (i32.const 1))
      (then (i32.const -1))
      (else (select (local.get $r) (global.get $g) (i32.gt_s (local.get $r) (i32.const 0))))))
  (func (export "collatz") (result i32) (local $n i64) (local $steps i32)
    (local.set $n (i64.const 837799))
    (block $done
      (loop $step
        (br_if $done (i64.eq (local.get $n) (i64.const 1)))
        (local.set $n
          (if (result i64) (i64.eqz (i64.rem_u (local.get $n) (i64.const 2)))
            (then (i64.div_u (local.get $n) (i64.const 2)))
            (else (i64.add (i64.mul (local.get $n) (i64.const 3)) (i64.const 1)))))
        (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
        (br $step)))
    (local.get $steps))
  ;; Last: nothing after a step that runs out of fuel is compared.
  (func (export "forever") (loop $spin (br $spin))))
