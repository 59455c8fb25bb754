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

/** Below this |x| the ratio helpers switch to their Taylor series (error < |x|³ ≈ 1e-24). */
const SERIES_LIMIT = 1e-8;

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
  const c2 = Math.cos(2 * v);
  const s2 = Math.sin(2 * v);
  const sv = Math.sin(v);
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
 * Finite for every x ≠ 0: for |x| < 1e-8 the series G = 1/x + 1/3 − x/45,
 * x·G′ = −1/x − x/45 is used; for huge |x|, coth → 1 without overflow.
 * Used by the finite-space Warburg (x = jωτ), the finite Gerischer and the
 * transmission lines (x = R_ion/ζ).
 *
 * @internal
 */
export function cothRatio(xr: number, xi: number, out: Float64Array): void {
  const ax = Math.abs(xr) + Math.abs(xi);
  if (ax < SERIES_LIMIT) {
    // 1/x
    const d = xr * xr + xi * xi;
    const ir = xr / d;
    const ii = -xi / d;
    out[0] = ir + 1 / 3 - xr / 45;
    out[1] = ii - xi / 45;
    out[2] = -ir - xr / 45;
    out[3] = -ii - xi / 45;
    return;
  }
  csqrt(xr, xi, S);
  const sr = S[0];
  const si = S[1];
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
 * Finite for every x: for |x| < 1e-8 the series T = 1 − x/3 + 2x²/15,
 * x·T′ = −x/3 + 4x²/15 is used; for huge |x|, tanh → 1 without overflow.
 * Used by the finite-length Warburg (x = jωτ) and the transmissive line.
 *
 * @internal
 */
export function tanhRatio(xr: number, xi: number, out: Float64Array): void {
  const ax = Math.abs(xr) + Math.abs(xi);
  if (ax < SERIES_LIMIT) {
    const x2r = xr * xr - xi * xi;
    const x2i = 2 * xr * xi;
    out[0] = 1 - xr / 3 + (2 * x2r) / 15;
    out[1] = -xi / 3 + (2 * x2i) / 15;
    out[2] = -xr / 3 + (4 * x2r) / 15;
    out[3] = -xi / 3 + (4 * x2i) / 15;
    return;
  }
  csqrt(xr, xi, S);
  const sr = S[0];
  const si = S[1];
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
 *   out[0..1] = 1/D,  out[2..3] = P/D,  out[4..5] = Log D (principal).
 *
 * Overflow-free for any ln(ωτ): when |P| > 1 it works with P⁻¹ instead, so
 * (ωτ)^n is never formed when it would overflow. Used by K, Zarc and
 * Havriliak–Negami.
 *
 * @internal
 */
export function relaxation(logX: number, n: number, cos: number, sin: number, theta: number, out: Float64Array): void {
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
    out[4] = l + 0.5 * Math.log1p(2 * qr + qr * qr + qi * qi);
    out[5] = theta + Math.atan2(qi, br);
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
    out[4] = 0.5 * Math.log1p(2 * pr + pr * pr + pi * pi);
    out[5] = Math.atan2(pi, br);
  }
}
