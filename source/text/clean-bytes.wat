;; The control-byte scanner of clean-bytes.ts: whether a block of bytes holds a C0 control other than
;; \n (0x0a), or DEL (0x7f), looked at 16 bytes at a time with WebAssembly SIMD.
;;
;; The caller copies up to 1 MiB into `memory` (17 pages: 1 MiB and room to spare) and calls `scan` with
;; the length. Only whole 16-byte blocks are looked at; the caller checks the last `length % 16` bytes.
;; Returns 1 when a block holds such a byte, else 0.
;;
;; After editing, run `node scripts/assemble-wasm.mjs` to regenerate clean-bytes-wasm.ts; a test checks
;; that the two agree.
(module
  (memory (export "memory") 17)
  (func (export "scan") (param $length i32) (result i32)
    (local $at i32)
    (local $block v128)
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.add (local.get $at) (i32.const 16)) (local.get $length)))
        (local.set $block (v128.load (local.get $at)))
        ;; a byte below 0x20 that is not \n, or DEL
        (if (v128.any_true
              (v128.or
                (v128.and
                  (i8x16.lt_u (local.get $block) (i8x16.splat (i32.const 0x20)))
                  (i8x16.ne (local.get $block) (i8x16.splat (i32.const 0x0a))))
                (i8x16.eq (local.get $block) (i8x16.splat (i32.const 0x7f)))))
          (then (return (i32.const 1))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next)))
    (i32.const 0)))
