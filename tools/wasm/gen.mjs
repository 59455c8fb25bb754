// Generates normal.wat: the f64x2 normal-equations kernel. The row loops are long and regular, so
// they are emitted from templates here rather than typed by hand; normal.wat is the output.
//
//   node gen.mjs [--out normal.wat] [--unroll 1] [--unroll-small 2]
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const get = (x) => `(local.get $${x})`;
const set = (x, v) => `(local.set $${x} ${v})`;
const add = (a, b) => `(i32.add ${a} ${b})`;
const c32 = (x) => `(i32.const ${x})`;
const ext = (a) => `(f64.add (f64x2.extract_lane 0 ${get(a)}) (f64x2.extract_lane 1 ${get(a)}))`;

/**
 * Row loop of one pass, inlined into the driver: loads `streams` (i32 locals holding byte offsets)
 * one row pair at a time and accumulates products[k] = [sa, sb] into accumulator $a{k}.
 * unroll 2 takes two pairs per iteration (after one peeled pair when the pair count is odd).
 */
function rowLoop(streams, products, unroll, ind) {
  const L = [];
  for (let k = 0; k < products.length; k++) L.push(`${ind}${set(`a${k}`, get('z'))}`);
  const step = (off) => [
    ...streams.map((st, s) => `${ind}  ${set(`x${s}`, `(v128.load offset=${off} align=8 ${add(get(st), get('o'))})`)}`),
    ...products.map(
      ([p, q], k) => `${ind}  ${set(`a${k}`, `(f64x2.add ${get(`a${k}`)} (f64x2.mul ${get(`x${streams.indexOf(p)}`)} ${get(`x${streams.indexOf(q)}`)}))`)}`,
    ),
  ];
  L.push(`${ind}${set('o', c32(0))}`);
  if (unroll === 2) {
    L.push(`${ind}(if (i32.and ${get('len')} ${c32(16)}) (then`);
    L.push(...step(0), `${ind}  ${set('o', c32(16))}))`);
  }
  L.push(`${ind}(if (i32.ne ${get('o')} ${get('len')}) (then (loop $rows`);
  for (let u = 0; u < unroll; u++) L.push(...step(16 * u));
  L.push(`${ind}  (br_if $rows (i32.ne (local.tee $o ${add(get('o'), c32(16 * unroll))}) ${get('len')})))))`);
  return L;
}

/**
 * Diagonal pass over the augmented columns t…t+s−1 (held in p0…p{s−1}): lower triangle into rows
 * R, R+n8, … and the mirror into the upper triangle. withR: the last column is r (its row is g;
 * r·r is skipped; no mirror).
 */
function diagPass(s, withR, unroll) {
  const ind = '        ';
  const p = Array.from({ length: s }, (_, i) => `p${i}`);
  const entries = [];
  for (let i = 0; i < s; i++) for (let j = 0; j <= i; j++) if (!(withR && i === s - 1 && j === i)) entries.push([i, j]);
  const L = [`${ind};; ${s} augmented columns${withR ? ' (the last is r)' : ''}: ${entries.length} sums, ${s} loads per row pair`];
  L.push(...rowLoop(p, entries.map(([i, j]) => [p[i], p[j]]), unroll, ind));
  L.push(`${ind}${set('r0', get('R'))}`);
  for (let i = 1; i < s; i++) L.push(`${ind}${set(`r${i}`, add(get(`r${i - 1}`), get('n8')))}`);
  entries.forEach(([i, j], k) => {
    const lower = `(f64.store offset=${8 * j} ${get(`r${i}`)} ${i === j ? ext(`a${k}`) : `(local.tee $f ${ext(`a${k}`)})`})`;
    const mirror = `(f64.store offset=${8 * i} ${get(`r${j}`)} ${get('f')})`;
    if (i === j || (withR && i === s - 1)) L.push(`${ind}${lower}`);
    else L.push(`${ind}${lower}`, `${ind}${mirror}`);
  });
  return L;
}

/**
 * Cross pass: augmented columns u0 (and u1) against J columns q0…q3. Lower entries at R + i·n8 + 8j;
 * mirror at M + j·n8 + 8i (skipped for a row that is r: always for k = 1, when !$real for k = 2).
 */
function crossPass(k, unroll) {
  const ind = '              ';
  const us = Array.from({ length: k }, (_, i) => `u${i}`);
  const qs = ['q0', 'q1', 'q2', 'q3'];
  const entries = [];
  for (let i = 0; i < k; i++) for (let j = 0; j < 4; j++) entries.push([i, j]);
  const L = [`${ind};; ${k === 2 ? 'two augmented columns' : 'r'} against four J columns: ${entries.length} sums, ${k + 4} loads per row pair`];
  L.push(...rowLoop([...qs, ...us], entries.map(([i, j]) => [us[i], qs[j]]), unroll, ind));
  entries.forEach(([i, j], e) => {
    if (j === 0 && i > 0) L.push(`${ind}${set('R', add(get('R'), get('n8')))}`);
    if (k === 1) {
      L.push(`${ind}(f64.store offset=${8 * j} ${get('R')} ${ext(`a${e}`)})`);
      return;
    }
    L.push(`${ind}(f64.store offset=${8 * j} ${get('R')} (local.tee $f ${ext(`a${e}`)}))`);
    const mirror = `(f64.store offset=${8 * i} ${get(`r${j}`)} ${get('f')})`;
    L.push(i === 0 ? `${ind}${mirror}` : `${ind}(if ${get('real')} (then ${mirror}))`);
  });
  return L;
}

// The damped step of one Levenberg–Marquardt trial: `solveTrialStep` of src/fit/lm.ts, the same
// floating-point operations in the same order (so the same results, bit for bit), in scalar f64:
// for n ≈ 7 the loops are too short and triangular for f64x2 to pay. Written out, not generated.
const TRIAL = `
  ;; trial(λ) -> λ used, or NaN: the linear algebra of one Levenberg–Marquardt trial step, that of
  ;; \`solveTrialStep\` in src/fit/lm.ts. With D⁻¹ = invScale (s below):
  ;;   L = D⁻¹AD⁻¹ + λI (lower triangle) factored in place by Cholesky, invDiag = 1/diag(factor);
  ;;   a pivot that is not > 0 and finite fails the attempt: λ ← max(10λ, 1e-12) and again, at
  ;;   most 60 attempts, after which it returns NaN (out[1] written; L, invDiag, rhs part-written);
  ;;   rhs = (LLᵀ)⁻¹(−D⁻¹g), delta = D⁻¹·rhs, out[0] = −2gᵀδ − δᵀAδ (predicted reduction), out[1] = λ.
  ;; The forward substitution runs inside the factorisation, as row n of the factor of the
  ;; augmented matrix [[D⁻¹AD⁻¹ + λI, ·], [−(D⁻¹g)ᵀ, ·]]: rhs is row n of L, and since g is row n
  ;; of A, its entries are A[n][j]·s[n]·s[j] with s[n] = −1 (stored first), like those of L.
  ;; So the substitution overlaps the factorisation's long sqrt/div chain. All indices are bytes.
  (func (export "trial") (param $lam f64) (result f64)
    (local $n8 i32) (local $nn i32) (local $g i32) (local $s i32) (local $d i32) (local $x i32) (local $o i32)
    (local $t i32) (local $i i32) (local $j i32) (local $k i32) (local $ri i32) (local $rj i32) (local $p i32)
    (local $v f64) (local $w f64) (local $u f64) (local $y f64) (local $e f64) (local $h f64)
    (local.set $n8 (i32.shl (global.get $n) (i32.const 3)))
    (local.set $nn (i32.mul (local.get $n8) (global.get $n)))
    (local.set $g (i32.add (global.get $A) (local.get $nn)))
    (local.set $s (i32.add (local.get $g) (local.get $n8)))
    (f64.store (local.tee $d (i32.add (local.get $s) (local.get $n8))) (f64.const -1))
    (local.set $d (i32.add (local.get $d) (i32.const 8)))
    (local.set $x (i32.add (local.get $d) (local.get $n8)))
    (local.set $o (i32.add (local.get $x) (local.get $n8)))
    (local.set $t (i32.const 60))
    (block $ok
      (loop $attempt
        (block $fail
          ;; Cholesky by columns j (rj = &L[j][0]), rows n ≥ i ≥ j (ri = &L[i][0]), each entry of L
          ;; formed when first needed: v = A[i][j]·s[i]·s[j] (+ λ for i = j) − Σ_{k<j} L[i][k]·L[j][k].
          ;; The pivot (i = j) becomes √v and w = 1/√v; the entries below it v·w.
          (local.set $j (i32.const 0))
          (local.set $rj (i32.const 0))
          (loop $col
            (local.set $i (local.get $j))
            (local.set $ri (local.get $rj))
            (loop $row
              (local.set $p (i32.add (local.get $ri) (local.get $j)))
              (local.set $v (f64.mul
                (f64.mul (f64.load (i32.add (global.get $A) (local.get $p))) (f64.load (i32.add (local.get $s) (local.get $i))))
                (f64.load (i32.add (local.get $s) (local.get $j)))))
              (if (i32.eq (local.get $i) (local.get $j)) (then (local.set $v (f64.add (local.get $v) (local.get $lam)))))
              (local.set $k (i32.const 0))
              (block $dot_done (loop $dot
                (br_if $dot_done (i32.ge_u (local.get $k) (local.get $j)))
                (local.set $v (f64.sub (local.get $v)
                  (f64.mul (f64.load (i32.add (local.get $ri) (local.get $k))) (f64.load (i32.add (local.get $rj) (local.get $k))))))
                (local.set $k (i32.add (local.get $k) (i32.const 8)))
                (br $dot)))
              (if (i32.eq (local.get $i) (local.get $j))
                (then
                  (br_if $fail (i32.eqz (i32.and (f64.gt (local.get $v) (f64.const 0)) (f64.lt (local.get $v) (f64.const inf)))))
                  (f64.store (local.get $p) (local.tee $v (f64.sqrt (local.get $v))))
                  (f64.store (i32.add (local.get $d) (local.get $j)) (local.tee $w (f64.div (f64.const 1) (local.get $v)))))
                (else (f64.store (local.get $p) (f64.mul (local.get $v) (local.get $w)))))
              (local.set $ri (i32.add (local.get $ri) (local.get $n8)))
              (br_if $row (i32.le_u (local.tee $i (i32.add (local.get $i) (i32.const 8))) (local.get $n8))))
            (local.set $rj (i32.add (local.get $rj) (local.get $n8)))
            (br_if $col (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 8))) (local.get $n8))))
          (br $ok))
        (local.set $lam (f64.max (f64.mul (local.get $lam) (f64.const 10)) (f64.const 1e-12)))
        (br_if $attempt (local.tee $t (i32.sub (local.get $t) (i32.const 1)))))
      (f64.store offset=8 (local.get $o) (local.get $lam))
      (return (f64.const nan)))
    ;; backward, i = n−1…0: rhs[i] = (rhs[i] − Σ_{k>i} L[k][i]·rhs[k])·invDiag[i], delta[i] = rhs[i]·s[i]
    ;; (rhs at nn; p = &L[k][i])
    (local.set $i (local.get $n8))
    (loop $bwd
      (local.set $i (i32.sub (local.get $i) (i32.const 8)))
      (local.set $v (f64.load (i32.add (local.get $nn) (local.get $i))))
      (local.set $k (i32.add (local.get $i) (i32.const 8)))
      (local.set $p (i32.add (i32.mul (local.get $k) (global.get $n)) (local.get $i)))
      (block $bwd_done (loop $bwdk
        (br_if $bwd_done (i32.ge_u (local.get $k) (local.get $n8)))
        (local.set $v (f64.sub (local.get $v) (f64.mul (f64.load (local.get $p)) (f64.load (i32.add (local.get $nn) (local.get $k))))))
        (local.set $p (i32.add (local.get $p) (local.get $n8)))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $bwdk)))
      (f64.store (i32.add (local.get $nn) (local.get $i)) (local.tee $v (f64.mul (local.get $v) (f64.load (i32.add (local.get $d) (local.get $i))))))
      (f64.store (i32.add (local.get $x) (local.get $i)) (f64.mul (local.get $v) (f64.load (i32.add (local.get $s) (local.get $i)))))
      (br_if $bwd (local.get $i)))
    ;; out[0] = −2·Σ_i g[i]δ[i] − Σ_i δ[i]·(Σ_k A[i][k]δ[k]), the sums in e and h (zero on entry;
    ;; p walks A); −(e + e) is −2·e exactly
    (local.set $i (i32.const 0))
    (local.set $p (global.get $A))
    (loop $pred
      (local.set $u (f64.load (i32.add (local.get $x) (local.get $i))))
      (local.set $e (f64.add (local.get $e) (f64.mul (f64.load (i32.add (local.get $g) (local.get $i))) (local.get $u))))
      (local.set $y (f64.const 0))
      (local.set $k (i32.const 0))
      (loop $predk
        (local.set $y (f64.add (local.get $y) (f64.mul (f64.load (local.get $p)) (f64.load (i32.add (local.get $x) (local.get $k))))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br_if $predk (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 8))) (local.get $n8))))
      (local.set $h (f64.add (local.get $h) (f64.mul (local.get $u) (local.get $y))))
      (br_if $pred (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 8))) (local.get $n8))))
    (f64.store (local.get $o) (f64.sub (f64.neg (f64.add (local.get $e) (local.get $e))) (local.get $h)))
    (f64.store offset=8 (local.get $o) (local.get $lam))
    (local.get $lam)
  )`;

export function genWat({ unroll = 1, unrollSmall = 2 } = {}) {
  // Byte offset of augmented column t (an i32 expression): J column t, or r when t = n.
  const col = (t) => `(select ${add(get('j'), `(i32.mul ${t} ${get('m8')})`)} ${get('r')} (i32.lt_u ${t} (global.get $n)))`;
  const tp = (d) => (d === 0 ? get('t') : add(get('t'), c32(d)));
  const L = [];
  L.push(`;; GENERATED by gen.mjs (unroll=${unroll}, unrollSmall=${unrollSmall}) — edit the generator, not this file.
;;
;; Normal equations A = JᵀJ, g = Jᵀr with f64x2 SIMD (standard SIMD only: f64x2.mul + f64x2.add),
;; and the linear algebra of one Levenberg–Marquardt trial step (trial, scalar f64, at the end).
;;
;; Memory contract (set up by src/internal/normalKernel.ts):
;;   J  column-major m×n at byte offset j: column a at j + 8·a·m (no alignment needed).
;;   r  m values at byte offset r.
;;   L  n×n row-major at byte offset 0, then rhs (n) (trial only).
;;   A  n×n row-major at byte offset $A (imported global); directly after it g (n), invScale (n),
;;      one scratch value, invDiag (n), delta (n) and out (2).
;;   normal writes A and g only; J and r are only read (rows 0…m−1 of each column, nothing beyond).
;;   trial reads A, g and invScale and writes L, rhs, the scratch value, invDiag, delta and out only.
;;
;; r is taken as column n of the augmented matrix [J r]. Row-major with row stride n, the lower
;; triangle of its Gram matrix is A's lower triangle followed by g as row n. Augmented columns go
;; in groups of four: each group against itself (one pass: up to 10 sums from 4 loads per row pair)
;; and against each earlier group (passes of 2×4: 8 sums from 6 loads), so that no pass needs more
;; than 15 xmm registers (loads + accumulators + one product). Each sum is also stored mirrored
;; into A's upper triangle, except those of r.
;;
;; Rows are taken in pairs: the two rows of a column are adjacent, so one f64x2 load per column per
;; pair; lane 0 sums the even rows and lane 1 the odd rows, added at the end. An odd last row is
;; added afterwards (rank-one update). All passes are inlined into the one exported function.
(module
  (import "env" "mem" (memory 1))
  (import "env" "m" (global $m i32))
  (import "env" "n" (global $n i32))
  (import "env" "A" (global $A i32))

  ;; normal(j, r): A = JᵀJ (both triangles), g = Jᵀr, for J at byte offset j and r at byte offset r.
  (func (export "normal") (param $j i32) (param $r i32)
    (local $m8 i32) (local $n8 i32) (local $len i32) (local $o i32) (local $t i32) (local $s i32) (local $b i32) (local $h i32) (local $real i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $u0 i32) (local $u1 i32)
    (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local $R i32) (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $f f64) (local $x f64)
    (local $z v128) ${Array.from({ length: 10 }, (_, k) => `(local $a${k} v128)`).join(' ')}
    ${Array.from({ length: 6 }, (_, k) => `(local $x${k} v128)`).join(' ')}
    ${set('m8', '(i32.shl (global.get $m) (i32.const 3))')}
    ${set('n8', '(i32.shl (global.get $n) (i32.const 3))')}
    ;; bytes per column in whole row pairs
    ${set('len', '(i32.shl (i32.and (global.get $m) (i32.const -2)) (i32.const 3))')}
    (loop $groups
      ;; group t…t+s−1 of the n+1 augmented columns (s = 1 only for r alone: no diagonal pass)
      ${set('s', `(i32.sub (i32.add (global.get $n) ${c32(1)}) ${get('t')})`)}
      (if (i32.gt_u ${get('s')} ${c32(4)}) (then ${set('s', c32(4))}))
      ${set('p0', col(tp(0)))}
      ${set('p1', col(tp(1)))}
      ${set('p2', col(tp(2)))}
      ${set('p3', col(tp(3)))}
      ;; R = &A[t][t]
      ${set('R', add('(global.get $A)', `(i32.mul ${get('t')} ${add(get('n8'), c32(8))})`))}
      (block $diag
        (block $d2 (block $d3 (block $d4 (block $d4r
          ;; by s; s = 4 with r as the fourth column (t + 3 = n) goes to $d4r
          (br_table $diag $diag $d2 $d3 $d4 $d4r
            (i32.add ${get('s')} (i32.and (i32.eq ${get('s')} ${c32(4)}) (i32.eq ${tp(3)} (global.get $n))))))
${diagPass(4, true, unroll).join('\n')}
        (br $diag))
${diagPass(4, false, unroll).join('\n')}
        (br $diag))
${diagPass(3, true, unrollSmall).join('\n')}
        (br $diag))
${diagPass(2, true, unrollSmall).join('\n')}
      )
      ;; against each earlier (full) group b…b+3
      ${set('b', c32(0))}
      (block $cross_done (loop $cross
        (br_if $cross_done (i32.ge_u ${get('b')} ${get('t')}))
        ${set('q0', add(get('j'), `(i32.mul ${get('b')} ${get('m8')})`))}
        ${set('q1', add(get('q0'), get('m8')))}
        ${set('q2', add(get('q1'), get('m8')))}
        ${set('q3', add(get('q2'), get('m8')))}
        ;; R = &A[t][b]; r0…r3 = &A[b…b+3][t] (mirror)
        ${set('R', add('(global.get $A)', add(`(i32.mul ${get('t')} ${get('n8')})`, `(i32.shl ${get('b')} ${c32(3)})`)))}
        ${set('r0', add('(global.get $A)', add(`(i32.mul ${get('b')} ${get('n8')})`, `(i32.shl ${get('t')} ${c32(3)})`)))}
        ${set('r1', add(get('r0'), get('n8')))}
        ${set('r2', add(get('r1'), get('n8')))}
        ${set('r3', add(get('r2'), get('n8')))}
        ;; rows h, h+1 of the group at a time; a last single row is r
        ${set('h', c32(0))}
        (loop $pairs
          (if (i32.ge_u (i32.sub ${get('s')} ${get('h')}) ${c32(2)})
            (then
              ${set('u0', `(select ${get('p2')} ${get('p0')} ${get('h')})`)}
              ${set('u1', `(select ${get('p3')} ${get('p1')} ${get('h')})`)}
              ${set('real', `(i32.lt_u ${add(tp(1), get('h'))} (global.get $n))`)}
${crossPass(2, unroll).join('\n')}
              ${set('R', add(get('R'), get('n8')))}
              ${set('r0', add(get('r0'), c32(16)))}
              ${set('r1', add(get('r1'), c32(16)))}
              ${set('r2', add(get('r2'), c32(16)))}
              ${set('r3', add(get('r3'), c32(16)))}
              ${set('h', add(get('h'), c32(2)))})
            (else
              ${set('u0', `(select ${get('p2')} ${get('p0')} ${get('h')})`)}
${crossPass(1, unrollSmall).join('\n')}
              ${set('h', get('s'))}))
          (br_if $pairs (i32.lt_u ${get('h')} ${get('s')})))
        ${set('b', add(get('b'), c32(4)))}
        (br $cross)))
      (br_if $groups (i32.le_u (local.tee $t ${add(get('t'), c32(4))}) (global.get $n))))
    ;; odd m: add the last row (byte offset len in each column): A[t][b] += x_t·x_b for b ≤ t, b < n
    (if (i32.and (global.get $m) ${c32(1)}) (then
      ${set('t', c32(0))}
      ${set('R', '(global.get $A)')}
      (loop $rows
        ${set('x', `(f64.load ${add(col(get('t')), get('len'))})`)}
        ${set('b', c32(0))}
        ${set('q0', add(get('j'), get('len')))}
        ;; r0 = &A[0][t]
        ${set('r0', add('(global.get $A)', `(i32.shl ${get('t')} ${c32(3)})`))}
        (block $done (loop $cols
          (br_if $done (i32.or (i32.gt_u ${get('b')} ${get('t')}) (i32.ge_u ${get('b')} (global.get $n))))
          ${set('r1', add(get('R'), `(i32.shl ${get('b')} ${c32(3)})`))}
          (f64.store ${get('r1')} (local.tee $f (f64.add (f64.load ${get('r1')}) (f64.mul ${get('x')} (f64.load ${get('q0')})))))
          (if (i32.lt_u ${get('t')} (global.get $n)) (then (f64.store ${get('r0')} ${get('f')})))
          ${set('q0', add(get('q0'), get('m8')))}
          ${set('r0', add(get('r0'), get('n8')))}
          ${set('b', add(get('b'), c32(1)))}
          (br $cols)))
        ${set('R', add(get('R'), get('n8')))}
        (br_if $rows (i32.le_u (local.tee $t ${add(get('t'), c32(1))}) (global.get $n))))))
  )
${TRIAL}
)`);
  return L.join('\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, def) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : def;
  };
  const here = dirname(fileURLToPath(import.meta.url));
  const out = opt('out', join(here, 'normal.wat'));
  writeFileSync(out, genWat({ unroll: Number(opt('unroll', '1')), unrollSmall: Number(opt('unroll-small', '2')) }));
  console.log(`wrote ${out}`);
}
