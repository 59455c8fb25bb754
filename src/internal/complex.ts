/**
 * Allocation-free complex helpers for element kernels. Results are written
 * into the caller's `out` array (length ≥ 4 or 6) so a kernel can reuse one
 * scratch buffer for every frequency point.
 *
 * The hyperbolic helpers are written in terms of w = exp(−2s) with Re s ≥ 0,
 * so they neither overflow for huge |s| (w underflows to 0 and tanh → 1)
 * nor lose precision for tiny |s| (1 − w is formed with `expm1`):
 *
 *   tanh s = (1 − w)/(1 + w),  coth s = (1 + w)/(1 − w),
 *   sech² s = 4w/(1 + w)²,     csch² s = 4w/(1 − w)².
 *
 * @internal
 * @module
 */

/**
 * Below this |x| the ratio helpers use their Taylor series (truncation error
 * < 1e-17 relative). Above it, the closed forms lose at most ε/|x| ≈ 1e-13 in
 * the small parts (Re of coth(√x)/√x, Im of tanh(√x)/√x).
 */
const SERIES_LIMIT = 1e-3;

/** c0 + x(c1 + x(c2 + x(c3 + x·c4))) for complex x, into P[0..1]. */
const P = new Float64Array(2);
function horner(xr: number, xi: number, c0: number, c1: number, c2: number, c3: number, c4: number): void {
  let ar = c4;
  let ai = 0;
  let t = ar * xr - ai * xi + c3;
  ai = ar * xi + ai * xr;
  ar = t;
  t = ar * xr - ai * xi + c2;
  ai = ar * xi + ai * xr;
  ar = t;
  t = ar * xr - ai * xi + c1;
  ai = ar * xi + ai * xr;
  ar = t;
  t = ar * xr - ai * xi + c0;
  ai = ar * xi + ai * xr;
  ar = t;
  P[0] = ar;
  P[1] = ai;
}

/**
 * Principal square root √(xr + j·xi), written to `out[0]`, `out[1]`
 * (Re ≥ 0). Overflow-safe via `Math.hypot`, no cancellation.
 *
 * @internal
 */
export function csqrt(xr: number, xi: number, out: Float64Array): void {
  const r = Math.hypot(xr, xi);
  if (r === 0) {
    out[0] = 0;
    out[1] = 0;
    return;
  }
  if (xr >= 0) {
    const sr = Math.sqrt((r + xr) / 2);
    out[0] = sr;
    out[1] = xi / (2 * sr);
  } else {
    let si = Math.sqrt((r - xr) / 2);
    if (xi < 0 || (xi === 0 && Object.is(xi, -0))) si = -si;
    out[0] = xi / (2 * si);
    out[1] = si;
  }
}

/**
 * Writes 1 − w, 1 + w and w with w = exp(−2s), s = u + jv, u ≥ 0, into
 * `h[0..5]` = [(1−w)re, (1−w)im, (1+w)re, (1+w)im, w re, w im].
 * Re(1 − w) = −expm1(−2u) + 2e·sin²v is free of cancellation.
 */
function expTerms(u: number, v: number, h: Float64Array): void {
  const e = Math.exp(-2 * u);
  const sv = Math.sin(v);
  const cv = Math.cos(v);
  const s2 = 2 * sv * cv;
  const c2 = 1 - 2 * sv * sv;
  const wr = e * c2;
  const wi = -e * s2;
  h[0] = -Math.expm1(-2 * u) + 2 * e * sv * sv;
  h[1] = -wi;
  h[2] = 1 + wr;
  h[3] = wi;
  h[4] = wr;
  h[5] = wi;
}

const H = new Float64Array(6);
const S = new Float64Array(2);

/**
 * For x = s² (any complex number, s its principal square root) writes
 *
 *   out[0..1] = G(x) = coth(s)/s,
 *   out[2..3] = x·G′(x) = −(csch² s + coth(s)/s)/2.
 *
 * Finite for every x ≠ 0: for |x| < 1e-3 the Taylor series (to x⁴) is used;
 * for huge |x|, coth → 1 without overflow.
 * Used by the finite-space Warburg (x = jωτ), the finite Gerischer and the
 * transmission lines (x = R_ion/ζ).
 *
 * @internal
 */
export function cothRatio(xr: number, xi: number, out: Float64Array): void {
  const ax = Math.abs(xr) + Math.abs(xi);
  if (ax < SERIES_LIMIT) {
    // coth(z)/z = 1/x + 1/3 − x/45 + 2x²/945 − x³/4725 + 2x⁴/93555 (x = z²)
    const d = xr * xr + xi * xi;
    const ir = xr / d;
    const ii = -xi / d;
    horner(xr, xi, 1 / 3, -1 / 45, 2 / 945, -1 / 4725, 2 / 93555);
    out[0] = ir + P[0];
    out[1] = ii + P[1];
    // x·G′ = −1/x − x/45 + 4x²/945 − 3x³/4725 + 8x⁴/93555
    horner(xr, xi, -1 / 45, 4 / 945, -3 / 4725, 8 / 93555, 0);
    out[2] = -ir + (P[0] * xr - P[1] * xi);
    out[3] = -ii + (P[0] * xi + P[1] * xr);
    return;
  }
  csqrt(xr, xi, S);
  cothFromRoot(S[0], S[1], out);
}

/**
 * {@link cothRatio} for x = j·y, y ≥ 0 real (the Warburg argument jωτ), whose
 * root is s = a(1 + j) with a = √(y/2): skips the general square root.
 *
 * @internal
 */
export function cothRatioImag(y: number, out: Float64Array): void {
  if (y < SERIES_LIMIT) {
    cothRatio(0, y, out);
    return;
  }
  const a = Math.sqrt(y / 2);
  cothFromRoot(a, a, out);
}

/** coth(s)/s and −(csch² s + coth(s)/s)/2 from the root s = sr + j·si, Re s ≥ 0. */
function cothFromRoot(sr: number, si: number, out: Float64Array): void {
  expTerms(sr, si, H);
  const ar = H[0];
  const ai = H[1];
  const br = H[2];
  const bi = H[3];
  const wr = H[4];
  const wi = H[5];
  // coth = b / a
  const ad = ar * ar + ai * ai;
  const cr = (br * ar + bi * ai) / ad;
  const ci = (bi * ar - br * ai) / ad;
  // 1/s
  const sd = sr * sr + si * si;
  const isr = sr / sd;
  const isi = -si / sd;
  // G = coth / s
  const gr = cr * isr - ci * isi;
  const gi = cr * isi + ci * isr;
  // csch² = 4 w / a² = 4 w · (1/a)²
  const iar = ar / ad;
  const iai = -ai / ad;
  const q2r = iar * iar - iai * iai;
  const q2i = 2 * iar * iai;
  const kr = 4 * (wr * q2r - wi * q2i);
  const ki = 4 * (wr * q2i + wi * q2r);
  out[0] = gr;
  out[1] = gi;
  out[2] = -(kr + gr) / 2;
  out[3] = -(ki + gi) / 2;
}

/**
 * For x = s² (s principal square root) writes
 *
 *   out[0..1] = T(x) = tanh(s)/s,
 *   out[2..3] = x·T′(x) = (sech² s − tanh(s)/s)/2.
 *
 * Finite for every x: for |x| < 1e-3 the Taylor series (to x⁴) is used;
 * for huge |x|, tanh → 1 without overflow.
 * Used by the finite-length Warburg (x = jωτ) and the transmissive line.
 *
 * @internal
 */
export function tanhRatio(xr: number, xi: number, out: Float64Array): void {
  const ax = Math.abs(xr) + Math.abs(xi);
  if (ax < SERIES_LIMIT) {
    // tanh(z)/z = 1 − x/3 + 2x²/15 − 17x³/315 + 62x⁴/2835 (x = z²)
    horner(xr, xi, 1, -1 / 3, 2 / 15, -17 / 315, 62 / 2835);
    out[0] = P[0];
    out[1] = P[1];
    // x·T′ = −x/3 + 4x²/15 − 51x³/315 + 248x⁴/2835
    horner(xr, xi, -1 / 3, 4 / 15, -51 / 315, 248 / 2835, 0);
    out[2] = P[0] * xr - P[1] * xi;
    out[3] = P[0] * xi + P[1] * xr;
    return;
  }
  csqrt(xr, xi, S);
  tanhFromRoot(S[0], S[1], out);
}

/**
 * {@link tanhRatio} for x = j·y, y ≥ 0 real (the Warburg argument jωτ).
 *
 * @internal
 */
export function tanhRatioImag(y: number, out: Float64Array): void {
  if (y < SERIES_LIMIT) {
    tanhRatio(0, y, out);
    return;
  }
  const a = Math.sqrt(y / 2);
  tanhFromRoot(a, a, out);
}

/** tanh(s)/s and (sech² s − tanh(s)/s)/2 from the root s = sr + j·si, Re s ≥ 0. */
function tanhFromRoot(sr: number, si: number, out: Float64Array): void {
  expTerms(sr, si, H);
  const ar = H[0];
  const ai = H[1];
  const br = H[2];
  const bi = H[3];
  const wr = H[4];
  const wi = H[5];
  // tanh = a / b
  const bd = br * br + bi * bi;
  const tr = (ar * br + ai * bi) / bd;
  const ti = (ai * br - ar * bi) / bd;
  const sd = sr * sr + si * si;
  const isr = sr / sd;
  const isi = -si / sd;
  const gr = tr * isr - ti * isi;
  const gi = tr * isi + ti * isr;
  // sech² = 4 w (1/b)²
  const ibr = br / bd;
  const ibi = -bi / bd;
  const q2r = ibr * ibr - ibi * ibi;
  const q2i = 2 * ibr * ibi;
  const kr = 4 * (wr * q2r - wi * q2i);
  const ki = 4 * (wr * q2i + wi * q2r);
  out[0] = gr;
  out[1] = gi;
  out[2] = (kr - gr) / 2;
  out[3] = (ki - gi) / 2;
}

/**
 * Relaxation terms of D = 1 + P with P = (ωτ)^n·e^{jθ} given as
 * `logX` = ln(ωτ), the exponent `n` and cos θ, sin θ (θ = nπ/2 normally).
 * Writes
 *
 *   out[0..1] = 1/D,  out[2..3] = P/D,  out[4..5] = Log D (principal; only
 *   when `wantLog`, which K and Zarc do not need).
 *
 * Overflow-free for any ln(ωτ): when |P| > 1 it works with P⁻¹ instead, so
 * (ωτ)^n is never formed when it would overflow. Used by K, Zarc and
 * Havriliak–Negami.
 *
 * @internal
 */
export function relaxation(
  logX: number,
  n: number,
  cos: number,
  sin: number,
  theta: number,
  out: Float64Array,
  wantLog = true,
): void {
  const l = n * logX;
  if (l > 0) {
    const m = Math.exp(-l);
    const qr = m * cos;
    const qi = -m * sin;
    const br = 1 + qr;
    const den = br * br + qi * qi;
    // P/D = 1/(1 + q)
    const pr = br / den;
    const pi = -qi / den;
    out[2] = pr;
    out[3] = pi;
    // 1/D = q/(1 + q)
    out[0] = qr * pr - qi * pi;
    out[1] = qr * pi + qi * pr;
    // Log D = l + jθ + log(1 + q)
    if (wantLog) {
      out[4] = l + 0.5 * Math.log1p(2 * qr + qr * qr + qi * qi);
      out[5] = theta + Math.atan2(qi, br);
    }
  } else {
    const m = Math.exp(l);
    const pr = m * cos;
    const pi = m * sin;
    const br = 1 + pr;
    const den = br * br + pi * pi;
    const ir = br / den;
    const ii = -pi / den;
    out[0] = ir;
    out[1] = ii;
    out[2] = pr * ir - pi * ii;
    out[3] = pr * ii + pi * ir;
    if (wantLog) {
      out[4] = 0.5 * Math.log1p(2 * pr + pr * pr + pi * pi);
      out[5] = Math.atan2(pi, br);
    }
  }
}

/**
 * |a + jb| = max·√(1 + (min/max)²): overflow- and underflow-safe, and the
 * same operations V8's `Math.hypot` performs for two finite arguments (one
 * normalised term is exactly 1), so results keep Math.hypot's bits in Node
 * while the variadic builtin costs several times more per call. Special cases
 * follow Math.hypot: ∞ wins over NaN, NaN next, then 0.
 *
 * @internal
 * @param a - real part
 * @param b - imaginary part
 * @returns the modulus
 * @example
 * ```ts
 * modulus(3, -4); // 5
 * ```
 */
export function modulus(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x === Infinity || y === Infinity) return Infinity;
  if (x !== x || y !== y) return NaN;
  const max = x > y ? x : y;
  if (max === 0) return 0;
  const r = (x > y ? y : x) / max;
  return Math.sqrt(1 + r * r) * max;
}
