;; Control flow: every way a basic block can start or end.
;; Lines "call <export> <integer args...>" are run in order on one instance of the original and
;; one of the metered module; results, traps and exported globals must agree.
;;
;; call nested 0
;; call nested 1
;; call nested 2
;; call nested 7
;; call switch 0
;; call switch 1
;; call switch 2
;; call switch 3
;; call switch 4000000000
;; call if_else 0
;; call if_else 5
;; call if_no_else 0
;; call if_no_else 1
;; call sum_to 0
;; call sum_to 1
;; call sum_to 1000
;; call early_return 3
;; call early_return -3
;; call br_if_value 0
;; call br_if_value 1
;; call choose 0 10 20
;; call choose 1 10 20
;; call choose_typed 0 10 20
;; call fib 0
;; call fib 1
;; call fib 20
;; call even 10
;; call even 7
;; call divmod 17 5
;; call swap_sum 3 4
;; call block_params 6
;; call loop_params 10
;; call indirect 0 5
;; call indirect 1 5
;; call indirect 2 5
;; call dead_code 1
;; call counter
;; call counter
;; call collatz 27
(module
  (type $binop (func (param i32 i32) (result i32)))
  (type $i32_to_i32x2 (func (param i32) (result i32 i32)))
  (type $unop (func (param i32) (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $double $square $negate)
  (global $calls (export "calls") (mut i32) (i32.const 0))

  (func $double (type $unop) (i32.mul (local.get 0) (i32.const 2)))
  (func $square (type $unop) (i32.mul (local.get 0) (local.get 0)))
  (func $negate (type $unop) (i32.sub (i32.const 0) (local.get 0)))

  ;; Blocks inside blocks, left by br at different depths.
  (func (export "nested") (param $x i32) (result i32)
    (block $outer (result i32)
      (block $middle
        (block $inner
          (br_if $inner (i32.eqz (local.get $x)))
          (br_if $middle (i32.eq (local.get $x) (i32.const 1)))
          (br $outer (i32.const 300)))
        (br $outer (i32.const 100)))
      (i32.const 200)))

  ;; br_table with a default, out-of-range indices included.
  (func (export "switch") (param $x i32) (result i32)
    (block $default
      (block $two
        (block $one
          (block $zero
            (br_table $zero $one $two $default (local.get $x)))
          (return (i32.const 10)))
        (return (i32.const 11)))
      (return (i32.const 12)))
    (i32.const 99))

  (func (export "if_else") (param $x i32) (result i32)
    (if (result i32) (local.get $x)
      (then (i32.add (local.get $x) (i32.const 1)))
      (else (i32.const -1))))

  (func (export "if_no_else") (param $x i32) (result i32) (local $r i32)
    (local.set $r (i32.const 5))
    (if (local.get $x) (then (local.set $r (i32.const 6))))
    (local.get $r))

  (func (export "sum_to") (param $n i32) (result i64) (local $i i32) (local $sum i64)
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (local.get $i) (local.get $n)))
        (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  (func (export "early_return") (param $x i32) (result i32)
    (if (i32.lt_s (local.get $x) (i32.const 0)) (then (return (i32.const 0))))
    (i32.mul (local.get $x) (i32.const 3)))

  ;; br_if carrying a value out of a block.
  (func (export "br_if_value") (param $x i32) (result i32)
    (block $b (result i32)
      (drop (br_if $b (i32.const 42) (local.get $x)))
      (i32.const 7)))

  (func (export "choose") (param $c i32) (param $a i32) (param $b i32) (result i32)
    (select (local.get $a) (local.get $b) (local.get $c)))

  (func (export "choose_typed") (param $c i32) (param $a i32) (param $b i32) (result i32)
    (select (result i32) (local.get $a) (local.get $b) (local.get $c)))

  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  (func $even (export "even") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 1))
      (else (call $odd (i32.sub (local.get $n) (i32.const 1))))))
  (func $odd (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
      (else (call $even (i32.sub (local.get $n) (i32.const 1))))))

  ;; Multi-value: two results from a function, and from a block typed by a type index.
  (func $divmod (export "divmod") (param $a i32) (param $b i32) (result i32 i32)
    (i32.div_u (local.get $a) (local.get $b))
    (i32.rem_u (local.get $a) (local.get $b)))

  (func (export "swap_sum") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    block (type $binop) (param i32 i32) (result i32)
      i32.sub
    end
    i32.const 10
    i32.mul)

  (func (export "block_params") (param $x i32) (result i32 i32)
    (local.get $x)
    (block (type $i32_to_i32x2) (param i32) (result i32 i32)
      (call $divmod (i32.const 10))))

  ;; A loop whose header takes a parameter: the charge inside must not disturb it.
  (func (export "loop_params") (param $n i32) (result i32)
    (i32.const 0)
    (loop $l (param i32) (result i32)
      (i32.add (local.get $n))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n))))

  (func (export "indirect") (param $which i32) (param $x i32) (result i32)
    (call_indirect (type $unop) (local.get $x) (local.get $which)))

  ;; Code after br, return and unreachable never runs: it must not be charged.
  (func (export "dead_code") (param $x i32) (result i32)
    (block $b
      (br $b)
      (drop (i32.const 1))
      (unreachable))
    (return (local.get $x))
    (drop (i32.const 2)))

  (func (export "counter") (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (global.get $calls))

  (func (export "collatz") (param $n i32) (result i32) (local $steps i32)
    (block $done
      (loop $step
        (br_if $done (i32.le_u (local.get $n) (i32.const 1)))
        (local.set $n
          (if (result i32) (i32.and (local.get $n) (i32.const 1))
            (then (i32.add (i32.mul (local.get $n) (i32.const 3)) (i32.const 1)))
            (else (i32.shr_u (local.get $n) (i32.const 1)))))
        (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
        (br $step)))
    (local.get $steps)))
