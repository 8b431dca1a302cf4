;; environ-args: looks for environment variables and command-line arguments beyond the module's name
;; (where hosts leak secrets); reports the errnos, counts and sizes WASI gives.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "{\"environ_sizes\":#,\"environ_count\":#,\"environ_bytes\":#,\"environ_get\":#,\"args_sizes\":#,\"argc\":#,\"argv_bytes\":#,\"args_get\":#}\00")
  (func (export "_start")
    (i32.store (i32.const 256) (call $environ_sizes_get (i32.const 260) (i32.const 264)))
    (i32.store (i32.const 268) (call $environ_get (i32.const 8192) (i32.const 12288)))
    (i32.store (i32.const 272) (call $args_sizes_get (i32.const 276) (i32.const 280)))
    (i32.store (i32.const 284) (call $args_get (i32.const 8192) (i32.const 12288)))
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
