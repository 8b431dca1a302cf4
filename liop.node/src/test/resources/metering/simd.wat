;; Fixed-width SIMD: decoded and metered like any other instruction (1 fuel each). Chicory's
;; default machines do not execute SIMD, so the tests check that the metered module validates;
;; every kind of SIMD immediate appears here (memarg, 16-byte constant, shuffle lanes, lane index,
;; memarg with lane). Built into simd.wasm with: wat2wasm simd.wat -o simd.wasm
(module
  (memory (export "memory") 1)
  (func (export "dot") (param $a i32) (param $b i32) (result i32)
    (local $v v128)
    (local.set $v (i32x4.mul (v128.load (local.get $a)) (v128.load offset=16 align=4 (local.get $b))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))
  (func (export "shuffle") (param $at i32)
    (v128.store (local.get $at)
      (i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0
        (v128.const i32x4 1 2 3 4)
        (i32x4.replace_lane 2 (i32x4.splat (local.get $at)) (i32.const 7)))))
  (func (export "lanes") (param $at i32) (result i32)
    (v128.store8_lane 3 (local.get $at) (v128.load32_lane 1 (local.get $at) (v128.load64_zero (local.get $at))))
    (loop $l (br_if $l (i32.eqz (v128.any_true (v128.load32_splat (local.get $at))))))
    (i8x16.bitmask (i8x16.popcnt (v128.load8x8_s (local.get $at))))))
