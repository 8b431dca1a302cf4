;; Tail calls (return_call, return_call_indirect) end a basic block like return does.
;; Built into tailcall.wasm with: wat2wasm --enable-tail-call tailcall.wat -o tailcall.wasm
;; (Chicory's Wat2Wasm does not enable tail calls).
;;
;; call sum_to 0 0
;; call sum_to 0 100000
;; call gcd 1071 462
;; call gcd 17 0
;; call dispatch 0 21
;; call dispatch 1 21
(module
  (type $unop (func (param i64) (result i64)))
  (table 2 funcref)
  (elem (i32.const 0) $double $square)
  (func $double (type $unop) (i64.mul (local.get 0) (i64.const 2)))
  (func $square (type $unop) (i64.mul (local.get 0) (local.get 0)))

  ;; Deeper than any call stack: only works because the calls are tail calls.
  (func $sum_to (export "sum_to") (param $acc i64) (param $n i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $sum_to (i64.add (local.get $acc) (local.get $n))
                                 (i64.sub (local.get $n) (i64.const 1))))))

  (func $gcd (export "gcd") (param $a i64) (param $b i64) (result i64)
    (if (i64.eqz (local.get $b)) (then (return (local.get $a))))
    (return_call $gcd (local.get $b) (i64.rem_u (local.get $a) (local.get $b))))

  (func (export "dispatch") (param $which i32) (param $x i64) (result i64)
    (return_call_indirect (type $unop) (local.get $x) (local.get $which))))
