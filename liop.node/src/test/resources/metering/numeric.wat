;; Numeric instructions (sign extension, saturating truncation, floats) and traps.
;;
;; call sign_extend 255
;; call sign_extend 127
;; call sign_extend_64 4294967295
;; call sat 7 2
;; call sat 1 0
;; call sat -1 0
;; call sat 0 0
;; call sat_u -5 1
;; call trunc 0 0
;; call trunc 9 2
;; call float_mix 3 4
;; call bits 12345
;; call div 7 2
;; call div 7 0
;; call div -2147483648 -1
;; call load 65535
;; call load 65536
;; call load -1
;; call store 65532 99
;; call load 65532
;; call store 65533 99
;; call crash
;; call wrong_signature
;; call null_entry
;; call deep 0
;; call after_trap 5
(module
  (type $unop (func (param i32) (result i32)))
  (type $binop (func (param i32 i32) (result i32)))
  (memory 1 1)
  (table 2 funcref)
  (elem (i32.const 0) $id)

  (func $id (type $unop) (local.get 0))

  (func (export "sign_extend") (param $x i32) (result i32 i32)
    (i32.extend8_s (local.get $x))
    (i32.extend16_s (local.get $x)))
  (func (export "sign_extend_64") (param $x i64) (result i64 i64 i64)
    (i64.extend8_s (local.get $x))
    (i64.extend16_s (local.get $x))
    (i64.extend32_s (local.get $x)))

  (func (export "sat") (param $num i64) (param $den i64) (result i64 i32)
    (i64.trunc_sat_f64_s (f64.div (f64.convert_i64_s (local.get $num)) (f64.convert_i64_s (local.get $den))))
    (i32.trunc_sat_f32_s (f32.div (f32.convert_i64_s (local.get $num)) (f32.convert_i64_s (local.get $den)))))
  (func (export "sat_u") (param $num i64) (param $den i64) (result i64 i32)
    (i64.trunc_sat_f64_u (f64.div (f64.convert_i64_s (local.get $num)) (f64.convert_i64_s (local.get $den))))
    (i32.trunc_sat_f64_u (f64.div (f64.convert_i64_s (local.get $num)) (f64.convert_i64_s (local.get $den)))))
  (func (export "trunc") (param $num i64) (param $den i64) (result i64)
    (i64.trunc_f64_s (f64.div (f64.convert_i64_s (local.get $num)) (f64.convert_i64_s (local.get $den)))))

  (func (export "float_mix") (param $a i32) (param $b i32) (result i64)
    (i64.reinterpret_f64
      (f64.sqrt (f64.add (f64.mul (f64.convert_i32_s (local.get $a)) (f64.convert_i32_s (local.get $a)))
                         (f64.promote_f32 (f32.mul (f32.convert_i32_s (local.get $b)) (f32.convert_i32_s (local.get $b))))))))
  (func (export "bits") (param $x i32) (result i32 i32 i32 i64)
    (i32.clz (local.get $x))
    (i32.ctz (local.get $x))
    (i32.popcnt (local.get $x))
    (i64.rotl (i64.extend_i32_u (local.get $x)) (i64.const 60)))

  (func (export "div") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
  (func (export "load") (param $at i32) (result i32)
    (i32.load8_u (local.get $at)))
  (func (export "store") (param $at i32) (param $value i32)
    (i32.store offset=0 align=1 (local.get $at) (local.get $value)))
  (func (export "crash") (unreachable))
  (func (export "wrong_signature") (result i32)
    (call_indirect (type $binop) (i32.const 1) (i32.const 2) (i32.const 0)))
  (func (export "null_entry") (result i32)
    (call_indirect (type $unop) (i32.const 1) (i32.const 1)))
  (func $deep (export "deep") (param $x i32) (result i32)
    (i32.add (call $deep (i32.add (local.get $x) (i32.const 1))) (i32.const 1)))
  (func (export "after_trap") (param $x i32) (result i32)
    (i32.mul (local.get $x) (local.get $x))))
