;; grow-past-cap: asks memory.grow for more than the node's cap in one step; it must get -1, notice,
;; and report cleanly with the memory it has.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "{\"grow\":#,\"pages\":#}\00")
  (func (export "_start")
    (i32.store (i32.const 256) (memory.grow (i32.const 100)))
    (i32.store (i32.const 260) (memory.size))
    (call $report))

  ;; ---- the report (the same helper in every corpus module that reports numbers) ----
  ;; Memory: 0..15 the report's iovec, 256.. the numbers (one i32 each, in order), 1024.. the
  ;; template (NUL-terminated, '#' where a number goes), 4096.. the report as it is written.
  (func $report
    (local $in i32) (local $out i32) (local $next i32) (local $c i32)
    (local.set $in (i32.const 1024))
    (local.set $out (i32.const 4096))
    (local.set $next (i32.const 256))
    (block $end
      (loop $copy
        (local.set $c (i32.load8_u (local.get $in)))
        (br_if $end (i32.eqz (local.get $c)))
        (if (i32.eq (local.get $c) (i32.const 35)) ;; '#'
          (then
            (local.set $out (call $decimal (local.get $out) (i32.load (local.get $next))))
            (local.set $next (i32.add (local.get $next) (i32.const 4))))
          (else
            (i32.store8 (local.get $out) (local.get $c))
            (local.set $out (i32.add (local.get $out) (i32.const 1)))))
        (local.set $in (i32.add (local.get $in) (i32.const 1)))
        (br $copy)))
    (i32.store (i32.const 0) (i32.const 4096))
    (i32.store (i32.const 4) (i32.sub (local.get $out) (i32.const 4096)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; Writes $n in decimal at $out; returns where the digits end.
  (func $decimal (param $out i32) (param $n i32) (result i32)
    (local $end i32) (local $v i32)
    (if (i32.lt_s (local.get $n) (i32.const 0))
      (then
        (i32.store8 (local.get $out) (i32.const 45)) ;; '-'
        (local.set $out (i32.add (local.get $out) (i32.const 1)))
        (local.set $n (i32.sub (i32.const 0) (local.get $n)))))
    (local.set $end (local.get $out))
    (local.set $v (local.get $n))
    (loop $count
      (local.set $end (i32.add (local.get $end) (i32.const 1)))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $count (local.get $v)))
    (local.set $out (local.get $end))
    (loop $digit
      (local.set $out (i32.sub (local.get $out) (i32.const 1)))
      (i32.store8 (local.get $out) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (local.get $n)))
    (local.get $end)))
