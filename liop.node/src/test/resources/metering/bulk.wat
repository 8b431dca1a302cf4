;; Bulk memory, bulk table and reference-type instructions, charged by their length at run time.
;;
;; call fill 0 7 100
;; call checksum 0 200
;; call copy 50 0 100
;; call checksum 0 200
;; call copy 0 60 100
;; call checksum 0 200
;; call init 300 2 9
;; call checksum 290 30
;; call fill 0 0 0
;; call fill 65530 1 10
;; call copy 65500 0 100
;; call init 300 0 100
;; call drop_data
;; call init 300 0 0
;; call init 300 0 1
;; call size
;; call grow 0
;; call grow 1
;; call size
;; call fill 65530 1 10
;; call checksum 65520 40
;; call grow 100000
;; call grow 3
;; call size
;; call table_size
;; call table_init 0 0 3
;; call call_at 0 5
;; call call_at 1 5
;; call call_at 2 5
;; call call_at 3 5
;; call table_copy 1 0 3
;; call call_at 3 5
;; call table_fill 0 2
;; call is_null_at 0
;; call is_null_at 2
;; call call_at 0 5
;; call table_grow 2
;; call table_size
;; call table_grow 100
;; call table_set_get 5
;; call elem_drop
;; call table_init 0 0 0
;; call table_init 0 0 1
;; call table_copy 0 3 4
(module
  (type $unop (func (param i32) (result i32)))
  (memory (export "memory") 1 8)
  (data $greeting "Hello, bulk memory!")
  (table $t 4 10 funcref)
  (elem $fns func $double $square $negate)
  (elem declare func $double)

  (func $double (type $unop) (i32.mul (local.get 0) (i32.const 2)))
  (func $square (type $unop) (i32.mul (local.get 0) (local.get 0)))
  (func $negate (type $unop) (i32.sub (i32.const 0) (local.get 0)))

  (func (export "fill") (param $at i32) (param $value i32) (param $n i32)
    (memory.fill (local.get $at) (local.get $value) (local.get $n)))
  (func (export "copy") (param $to i32) (param $from i32) (param $n i32)
    (memory.copy (local.get $to) (local.get $from) (local.get $n)))
  (func (export "init") (param $to i32) (param $from i32) (param $n i32)
    (memory.init $greeting (local.get $to) (local.get $from) (local.get $n)))
  (func (export "drop_data") (data.drop $greeting))
  (func (export "size") (result i32) (memory.size))
  (func (export "grow") (param $pages i32) (result i32) (memory.grow (local.get $pages)))

  (func (export "checksum") (param $at i32) (param $n i32) (result i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $sum (i32.add (i32.mul (local.get $sum) (i32.const 31)) (i32.load8_u (local.get $at))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  (func (export "table_size") (result i32) (table.size $t))
  (func (export "table_init") (param $to i32) (param $from i32) (param $n i32)
    (table.init $t $fns (local.get $to) (local.get $from) (local.get $n)))
  (func (export "table_copy") (param $to i32) (param $from i32) (param $n i32)
    (table.copy $t $t (local.get $to) (local.get $from) (local.get $n)))
  (func (export "table_fill") (param $at i32) (param $n i32)
    (table.fill $t (local.get $at) (ref.null func) (local.get $n)))
  (func (export "table_grow") (param $n i32) (result i32)
    (table.grow $t (ref.func $double) (local.get $n)))
  (func (export "elem_drop") (elem.drop $fns))
  (func (export "is_null_at") (param $at i32) (result i32)
    (ref.is_null (table.get $t (local.get $at))))
  (func (export "table_set_get") (param $at i32) (result i32)
    (table.set $t (local.get $at) (table.get $t (i32.const 2)))
    (call_indirect $t (type $unop) (i32.const 9) (local.get $at)))
  (func (export "call_at") (param $at i32) (param $x i32) (result i32)
    (call_indirect $t (type $unop) (local.get $x) (local.get $at))))
