/**
 * Automatic starting values from the spectrum itself.
 *
 * @module
 */
import { BUILTIN_ELEMENTS } from '../circuit/elements/builtin.js';
import type { CircuitModel, CircuitNode, ElementDefinition, ElementRegistry, FrequencyGrid } from '../circuit/types.js';
import type { Spectrum } from '../data/spectrum.js';
import { DataFormatError } from '../errors.js';

/** Options of {@link guessInitial}. */
export interface GuessOptions {
  /** Element registry used to evaluate single elements (default: built-in). */
  elements?: ElementRegistry;
}

/** One arc found (or inferred) in the spectrum. */
export interface DetectedArc {
  /** Apex frequency (Hz) of −Im Z. */
  frequency: number;
  /** Arc diameter (resistance, Ω): the chord of the fitted circle, else the Re Z span between −Im minima. */
  resistance: number;
  /** CPE exponent estimated from the depression: α = (4/π)·atan(2h/R), h the apex height. */
  alpha: number;
  /** True when inferred outside the window or by splitting (no visible apex). */
  inferred: boolean;
}

/** One complete assignment of arcs, with the matching series-resistance intercept. */
export interface ArcSet {
  /** Arcs in order of decreasing apex frequency. */
  arcs: DetectedArc[];
  /** Series resistance (Ω) left for the top-level resistors. */
  highFrequencyIntercept: number;
}

/** Features of a spectrum used by {@link guessInitial}. */
export interface SpectrumFeatures {
  /** High-frequency intercept estimate (Ω). */
  highFrequencyIntercept: number;
  /** Low-frequency Re Z (Ω) at the lowest frequency. */
  lowFrequencyRe: number;
  /** Arcs in order of decreasing apex frequency (increasing time constant). */
  arcs: DetectedArc[];
  /**
   * Other plausible arc sets (with their series intercept) when fewer arcs are
   * visible than the circuit has blocks: the smaller arc may be a shoulder
   * (split a visible arc a decade or two either side), lie above or below the
   * window. Empty when every arc has its own −Im peak.
   */
  alternatives: ArcSet[];
  /** Exponent of the low-frequency tail from the slope of ln(−Im) vs ln ω over the last points, clamped to [0.3, 1]. */
  tailExponent: number;
  /** −Im Z at the lowest frequency (Ω). */
  tailMagnitude: number;
  /** Lowest and highest frequency (Hz). */
  frequencyRange: [number, number];
  /** Largest |Z| (Ω). */
  scale: number;
}

const TWO_PI = 2 * Math.PI;
const HALF_PI = Math.PI / 2;
const QUARTER_PI = Math.PI / 4;
/** cot(0.85·π/2): extrapolates the top point to Re Z along a depressed arc (α = 0.85). */
const COT_A = 1 / Math.tan((0.85 * Math.PI) / 2);
/** Split factors of a visible arc tried by the alternatives, in order. */
const SPLIT_FACTORS = [10, 100, 0.1, 0.01] as const;

/** One-point grid and outputs reused by {@link elementModulus} and {@link matchMagnitude} (kernels keep no references). */
const ONE_GRID: FrequencyGrid = { n: 1, omega: new Float64Array(1), logOmega: new Float64Array(1) };
const ONE_RE = new Float64Array(1);
const ONE_IM = new Float64Array(1);

function elementModulus(def: ElementDefinition, vals: ArrayLike<number>, omega: number): number {
  ONE_GRID.omega[0] = omega;
  ONE_GRID.logOmega[0] = Math.log(omega);
  ONE_RE[0] = 0;
  ONE_IM[0] = 0;
  def.kernel(vals, 0, ONE_GRID, ONE_RE, ONE_IM);
  return Math.hypot(ONE_RE[0], ONE_IM[0]);
}

const blockingCache = new WeakMap<ElementDefinition, boolean>();

/** True when |Z| of the element grows without bound as ω → 0 (a blocking, capacitive-at-LF element). */
function isBlocking(def: ElementDefinition): boolean {
  let v = blockingCache.get(def);
  if (v === undefined) {
    v = computeBlocking(def);
    blockingCache.set(def, v);
  }
  return v;
}

function computeBlocking(def: ElementDefinition): boolean {
  const vals = def.parameters.map((p) => p.default);
  const a = elementModulus(def, vals, 1e-6);
  const b = elementModulus(def, vals, 1e-4);
  return Number.isFinite(a) && Number.isFinite(b) && a > 10 * b;
}

/** Scales the first magnitude-like log parameter so that |Z_el(ω)| = target. */
function matchMagnitude(def: ElementDefinition, vals: Float64Array | number[], omega: number, target: number): void {
  if (!(target > 0) || !Number.isFinite(target)) return;
  const params = def.parameters;
  const re = ONE_RE;
  const im = ONE_IM;
  // elementModulus, inlined: the grid (ω, ln ω) and |Z| at the current values
  // are the same for every candidate parameter (kernels are pure).
  let z1 = NaN;
  let first = true;
  for (let j = 0; j < params.length; j++) {
    if (params[j].scale !== 'log') continue;
    if (first) {
      first = false;
      ONE_GRID.omega[0] = omega;
      ONE_GRID.logOmega[0] = Math.log(omega);
      re[0] = 0;
      im[0] = 0;
      def.kernel(vals, 0, ONE_GRID, re, im);
      z1 = Math.hypot(re[0], im[0]);
    }
    const save = vals[j];
    vals[j] = save * 2;
    re[0] = 0;
    im[0] = 0;
    def.kernel(vals, 0, ONE_GRID, re, im);
    const z2 = Math.hypot(re[0], im[0]);
    vals[j] = save;
    const s = Math.log2(z2 / z1);
    if (!Number.isFinite(s) || Math.abs(s) < 0.2 || !(z1 > 0)) continue;
    const v = save * Math.pow(target / z1, 1 / s);
    if (Number.isFinite(v) && v > 0) vals[j] = v;
    return;
  }
}

function isExponent(p: { scale: string; bounds: readonly [number, number] }): boolean {
  return p.scale === 'linear' && p.bounds[0] >= 0 && p.bounds[1] <= 1;
}

// ---------------------------------------------------------------------------
// Spectrum analysis. The working arrays are module-level scratch (grown on
// demand) so that one analysis allocates nothing (guessCandidates) or only its
// result objects (analyzeSpectrum); the state of the analysis in progress
// lives in the `a*` variables and the `an` object below. Nothing here is
// re-entrant, which is fine: element kernels never call back into the guess
// (and each worker thread has its own copy of the module).

let capacity = 0;
/** Frequencies (Hz), Re Z, −Im Z, sorted high → low. */
let FS = new Float64Array(0);
let XS = new Float64Array(0);
let YS = new Float64Array(0);
/**
 * ln FS[i], and the frequency it was taken of (NaN: none yet). Kept between
 * analyses: consecutive spectra often share their frequency grid, and then the
 * logarithms are reused instead of recomputed (same values, bit for bit).
 */
let LNF = new Float64Array(0);
let LNF_AT = new Float64Array(0);
/** −Im Z smoothed over 2 (binomial 1-4-6-4-1) and 1 (1-2-1) points either side. */
let YS5 = new Float64Array(0);
let YS3 = new Float64Array(0);
/** Peak positions and prominences found in YS5 / YS3. */
let P5I = new Int32Array(0);
let P5P = new Float64Array(0);
let P3I = new Int32Array(0);
let P3P = new Float64Array(0);
/** Peak ranking and chosen peak positions. */
let RANK = new Int32Array(0);
let CHOSEN = new Int32Array(0);
/** Arc boundaries on the Re axis: bounds[0] = HF intercept, bounds[k+1] = end of arc k. */
let BOUNDS = new Float64Array(0);
/** Point index where each arc's segment starts/ends: BIDX[k]..BIDX[k+1] belong to arc k. */
let BIDX = new Int32Array(0);
/** Data with the other arcs subtracted, and the indices of the points computed (see {@link peelArcs}). */
let XR = new Float64Array(0);
let YR = new Float64Array(0);
let PEEL = new Int32Array(0);
/** Per arc: first and last point index of its circle fit. */
let ARC_LO = new Int32Array(0);
let ARC_HI = new Int32Array(0);
/** Per arc of {@link peelArcs}: ln f_apex, cos(απ/2), sin(απ/2). */
let ARC_LNF = new Float64Array(0);
let ARC_C = new Float64Array(0);
let ARC_S = new Float64Array(0);
/** Visible arcs (apex frequency, diameter, exponent) from the peaks of YS5 and of YS3 (see {@link realArcs}). */
let BASE_F = new Float64Array(0);
let BASE_R = new Float64Array(0);
let BASE_A = new Float64Array(0);
let B3_F = new Float64Array(0);
let B3_R = new Float64Array(0);
let B3_A = new Float64Array(0);

function ensureCapacity(n: number): void {
  if (n <= capacity) return;
  capacity = Math.max(n, 2 * capacity, 128);
  FS = new Float64Array(capacity);
  XS = new Float64Array(capacity);
  YS = new Float64Array(capacity);
  LNF = new Float64Array(capacity);
  LNF_AT = new Float64Array(capacity).fill(NaN);
  YS5 = new Float64Array(capacity);
  YS3 = new Float64Array(capacity);
  P5I = new Int32Array(capacity);
  P5P = new Float64Array(capacity);
  P3I = new Int32Array(capacity);
  P3P = new Float64Array(capacity);
  RANK = new Int32Array(capacity);
  CHOSEN = new Int32Array(capacity);
  BOUNDS = new Float64Array(capacity + 2);
  BIDX = new Int32Array(capacity + 2);
  XR = new Float64Array(capacity);
  YR = new Float64Array(capacity);
  PEEL = new Int32Array(capacity);
  ARC_LNF = new Float64Array(capacity);
  ARC_LO = new Int32Array(capacity);
  ARC_HI = new Int32Array(capacity);
  ARC_C = new Float64Array(capacity);
  ARC_S = new Float64Array(capacity);
  BASE_F = new Float64Array(capacity);
  BASE_R = new Float64Array(capacity);
  BASE_A = new Float64Array(capacity);
  B3_F = new Float64Array(capacity);
  B3_R = new Float64Array(capacity);
  B3_A = new Float64Array(capacity);
}

/** One completed arc set (see {@link complete}): apex frequency, diameter, exponent, inferred (1) or visible (0). */
let setCapacity = 0;
let SET_F = new Float64Array(0);
let SET_R = new Float64Array(0);
let SET_A = new Float64Array(0);
let SET_I = new Uint8Array(0);
/** Number of arcs of the completed set (its series intercept is an.setHf). */
let sN = 0;

function ensureSetCapacity(n: number): void {
  if (n <= setCapacity) return;
  setCapacity = Math.max(n, 2 * setCapacity, 16);
  SET_F = new Float64Array(setCapacity);
  SET_R = new Float64Array(setCapacity);
  SET_A = new Float64Array(setCapacity);
  SET_I = new Uint8Array(setCapacity);
}

let aHs = 0;
let aLast = 0;
let aTailStart = 0;
let aArcCount = 0;
let aHasTail = false;
/** Number of visible arcs of YS5, and of YS3 (−1 when not wanted). */
let aBaseN = 0;
let aB3N = -1;

/**
 * The real-valued state of the analysis. Fields of one object rather than
 * module-level `let`s: V8 boxes every non-integer stored to a module variable
 * (a heap allocation per store), but updates a double field in place.
 */
const an = {
  /** Frequency window (Hz): fmax at the first capacitive point, fmin at the last point. */
  fmax: NaN,
  fmin: NaN,
  /** Largest |Z| (Ω, 1 when not positive). */
  scale: NaN,
  /** max(0, largest −Im Z). */
  maxY: NaN,
  /** Re Z at the first capacitive point, and the series intercept extrapolated from it. */
  x0: NaN,
  hf0: NaN,
  /** Series intercept of the visible arcs of YS5 and of YS3; LF Re Z. */
  baseHf: NaN,
  b3Hf: NaN,
  lfRe: NaN,
  /** Tail exponent and magnitude (see {@link SpectrumFeatures}). */
  tailExponent: NaN,
  tailMagnitude: NaN,
  /** Outputs of {@link realArcs}: series intercept and LF Re Z. */
  realHf: NaN,
  realLfRe: NaN,
  /** Series intercept of the completed set (see {@link complete}). */
  setHf: NaN,
};

/**
 * Copies the spectrum into F/X/Y in order of decreasing frequency (stable for
 * ties), sets an.maxY = max(0, max −Im Z) and returns {@link largestModulus}
 * (computed during the copy when the frequencies are already descending).
 */
function loadSorted(spectrum: Spectrum): number {
  const F = FS;
  const X = XS;
  const Y = YS;
  const n = spectrum.frequency.length;
  const fq = spectrum.frequency;
  const re = spectrum.re;
  const im = spectrum.im;
  // Strictly descending (the usual order): copy in one pass while checking the
  // order, tracking the largest −Im and the largest |Z|² as largestModulus does.
  let maxY = 0;
  let best = 0;
  let at = -1;
  let nan = false;
  let prev = 0;
  let k = 0;
  for (; k < n; k++) {
    const f = fq[k];
    if (k > 0 && !(prev > f)) break;
    prev = f;
    const x = re[k];
    const y = -im[k];
    F[k] = f;
    X[k] = x;
    Y[k] = y;
    maxY = Math.max(maxY, y);
    const m2 = x * x + y * y;
    if (m2 > best) {
      best = m2;
      at = k;
    } else if (m2 !== m2) nan = true;
  }
  if (k >= n) {
    an.maxY = maxY;
    return nan ? largestModulus(n) : modulusAt(best, at, n);
  }
  let a = 1;
  while (a < n && fq[a - 1] < fq[a]) a++;
  if (a >= n) {
    // Strictly ascending: the stable descending sort is the reversal.
    for (let k = 0; k < n; k++) {
      const i = n - 1 - k;
      F[k] = fq[i];
      X[k] = re[i];
      Y[k] = -im[i];
    }
  } else {
    const order = new Array<number>(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => fq[b] - fq[a]);
    for (let k = 0; k < n; k++) {
      const i = order[k];
      F[k] = fq[i];
      X[k] = re[i];
      Y[k] = -im[i];
    }
  }
  maxY = 0;
  for (let k = 0; k < n; k++) maxY = Math.max(maxY, Y[k]);
  an.maxY = maxY;
  return largestModulus(n);
}

/** ln F[i] through the {@link LNF} memo. */
function lnFrequency(i: number): number {
  const f = FS[i];
  if (LNF_AT[i] === f) return LNF[i];
  const l = Math.log(f);
  LNF[i] = l;
  LNF_AT[i] = f;
  return l;
}

/** max |Z| over the points, as max of Math.hypot but squaring first (hypot is slow in V8). */
function largestModulus(n: number): number {
  const X = XS;
  const Y = YS;
  let best = 0;
  let at = -1;
  for (let i = 0; i < n; i++) {
    const x = X[i];
    const y = Y[i];
    const m2 = x * x + y * y;
    if (m2 > best) {
      best = m2;
      at = i;
    } else if (m2 !== m2) {
      const h = Math.hypot(x, y);
      if (h !== h) return NaN; // Math.max over the moduli is NaN
      best = Infinity; // (±∞, NaN): hypot is +∞
      at = i;
    }
  }
  return modulusAt(best, at, n);
}

/** The end of {@link largestModulus}: `best` = |Z|² of point `at`, the largest (−1: none). */
function modulusAt(best: number, at: number, n: number): number {
  const X = XS;
  const Y = YS;
  if (at < 0) return 0;
  if (best > 1e-290 && best < 1e290) return Math.hypot(X[at], Y[at]);
  // Squares over- or underflow: fall back to the exact scan.
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.hypot(X[i], Y[i]));
  return scale;
}

/**
 * Smooths −Im over `half` points either side into `ys`, then finds the peaks
 * ranked by prominence relative to the local |Z| (noise scales with |Z|).
 * Returns the number of peaks written to `pi`/`pp` (in increasing index order).
 * A prominence known to pass the threshold is stored as −rise, to be divided by
 * |Z| only when the peaks are ranked ({@link resolveProminences}).
 */
function findPeaks(half: 1 | 2, ys: Float64Array, pi: Int32Array, pp: Float64Array): number {
  const X = XS;
  const Y = YS;
  const hs = aHs;
  const last = aLast;
  // Points up to the first capacitive one and the last point stay as they are;
  // the five-point kernel needs two neighbours in range on each side, else three points
  // (·0.25 and ·0.0625 are exactly /4 and /16).
  for (let i = 0; i <= hs; i++) ys[i] = Y[i];
  let i = hs + 1;
  if (half === 2) {
    if (i < last) {
      ys[i] = (Y[i - 1] + 2 * Y[i] + Y[i + 1]) * 0.25;
      i++;
    }
    if (i <= last - 2) {
      // Sliding window y[i-2] … y[i+2].
      let y0 = Y[i - 2];
      let y1 = Y[i - 1];
      let y2 = Y[i];
      let y3 = Y[i + 1];
      for (; i <= last - 2; i++) {
        const y4 = Y[i + 2];
        ys[i] = (y0 + 4 * y1 + 6 * y2 + 4 * y3 + y4) * 0.0625;
        y0 = y1;
        y1 = y2;
        y2 = y3;
        y3 = y4;
      }
    }
  }
  for (; i < last; i++) ys[i] = (Y[i - 1] + 2 * Y[i] + Y[i + 1]) * 0.25;
  if (last > hs) ys[last] = Y[last];
  let count = 0;
  for (let i = hs + 1; i < last; i++) {
    const yi = ys[i];
    if (!(yi > 0 && yi >= ys[i - 1] && yi > ys[i + 1])) continue;
    let lmin = yi;
    for (let k = i - 1; k >= hs && ys[k] <= yi; k--) lmin = Math.min(lmin, ys[k]);
    // Only max(lmin, rmin) matters and rmin only falls: stop once it is down to lmin.
    let rmin = yi;
    for (let k = i + 1; rmin > lmin && k <= last && ys[k] <= yi; k++) rmin = Math.min(rmin, ys[k]);
    const rise = yi - Math.max(lmin, rmin);
    if (!(rise > 0)) continue;
    // max(|Re Z|, |Im Z|) ≤ |Z| ≤ √2·max(|Re Z|, |Im Z|): most peaks are decided
    // without the (slow) hypot, which is then only taken if the ranking needs it.
    const big = Math.max(Math.abs(X[i]), Math.abs(Y[i]));
    if (rise / big <= 0.02) continue;
    let prom: number;
    if (rise > 0.03 * big) prom = -rise;
    else {
      prom = rise / Math.hypot(X[i], Y[i]);
      if (!(prom > 0.02)) continue;
    }
    pi[count] = i;
    pp[count] = prom;
    count++;
  }
  return count;
}

/** Replaces the deferred prominences of {@link findPeaks} (−rise) by rise / |Z|. */
function resolveProminences(pi: Int32Array, pp: Float64Array, count: number): void {
  const X = XS;
  const Y = YS;
  for (let k = 0; k < count; k++) {
    const p = pp[k];
    if (p < 0) pp[k] = -p / Math.hypot(X[pi[k]], Y[pi[k]]);
  }
}

/**
 * Real arcs from a peak list: the `arcCount` most prominent peaks, diameters
 * from Re Z at the −Im minima between arcs. Writes the arcs (apex frequency,
 * diameter, exponent; in order of decreasing frequency) to `af`/`ar`/`aa`, the
 * series intercept and LF Re Z to an.realHf/an.realLfRe, and returns their
 * number. Sets `aTailStart` when the circuit has a tail.
 */
function realArcs(ys: Float64Array, pi: Int32Array, pp: Float64Array, count: number, af: Float64Array, ar: Float64Array, aa: Float64Array): number {
  const F = FS;
  const X = XS;
  const last = aLast;
  let m = count;
  if (count > aArcCount) {
    // Stable ranking by decreasing prominence, keep the first arcCount, back in index order.
    resolveProminences(pi, pp, count);
    for (let k = 0; k < count; k++) {
      const p = pp[k];
      let j = k;
      while (j > 0 && pp[RANK[j - 1]] < p) {
        RANK[j] = RANK[j - 1];
        j--;
      }
      RANK[j] = k;
    }
    m = aArcCount;
    for (let k = 0; k < m; k++) {
      const v = pi[RANK[k]];
      let j = k;
      while (j > 0 && CHOSEN[j - 1] > v) {
        CHOSEN[j] = CHOSEN[j - 1];
        j--;
      }
      CHOSEN[j] = v;
    }
  } else {
    for (let k = 0; k < m; k++) CHOSEN[k] = pi[k];
  }
  const bounds = BOUNDS;
  bounds[0] = an.hf0;
  for (let k = 0; k + 1 < m; k++) {
    let bi = CHOSEN[k];
    const end = CHOSEN[k + 1];
    for (let i = bi; i <= end; i++) if (ys[i] < ys[bi]) bi = i;
    bounds[k + 1] = X[bi];
    BIDX[k + 1] = bi;
  }
  let lfRe = X[last];
  BIDX[0] = aHs;
  BIDX[Math.max(m, 1)] = last;
  if (aHasTail && m) {
    let bi = CHOSEN[m - 1];
    for (let i = bi; i <= last; i++) if (ys[i] < ys[bi]) bi = i;
    aTailStart = bi;
    BIDX[m] = bi;
    lfRe = X[bi];
  }
  bounds[Math.max(m, 1)] = lfRe;
  // A visible apex fixes the start of the first arc better than extrapolating the top point:
  // a (depressed) semicircle is symmetric about its apex, so R0 ≈ 2·X_apex − X_end.
  if (m) {
    const sym = 2 * X[CHOSEN[0]] - bounds[1];
    if (sym > 0.02 * an.x0 && sym < bounds[0]) bounds[0] = sym;
  }
  for (let k = 0; k < m; k++) {
    const h = ys[CHOSEN[k]];
    let R = bounds[k + 1] - bounds[k];
    if (!(R >= 2 * h)) R = 2 * h;
    af[k] = F[CHOSEN[k]];
    ar[k] = R;
    aa[k] = Math.min(1, Math.max(0.5, (4 / Math.PI) * Math.atan((2 * h) / R)));
  }
  let hf = bounds[0];
  // Refine diameters, exponents and the intercept from the shape of each arc.
  for (let k = 0; k < m; k++) {
    // The arc's own points: walk out from the apex while the smoothed −Im keeps
    // falling and stays above the threshold (stops at a neighbour's rise).
    const c = CHOSEN[k];
    const ymin = CIRCLE_FRACTION * ys[c];
    const start = BIDX[k];
    const end = BIDX[k + 1];
    let lo = c;
    while (lo > start && ys[lo - 1] <= ys[lo] && ys[lo - 1] >= ymin) lo--;
    let hi = c;
    while (hi < end && ys[hi + 1] <= ys[hi] && ys[hi + 1] >= ymin) hi++;
    ARC_LO[k] = lo;
    ARC_HI[k] = hi;
    hf = refineArc(k, ar, aa, X, YS, lo, hi, ymin, hf);
  }
  if (m >= 2) hf = peelArcs(ar, aa, m, hf);
  an.realHf = hf;
  an.realLfRe = lfRe;
  return m;
}

/** Points of an arc used by the circle fit: −Im at least this fraction of the arc's apex height. */
const CIRCLE_FRACTION = 0.3;

/** Result of {@link circleFit}: centre (Re, −Im) and radius (Ω); an object for the reason given at {@link an}. */
const circle = { x: NaN, y: NaN, r: NaN };

/**
 * Algebraic (Kåsa) circle fit through the points lo..hi of (xs, ys) with
 * ys ≥ ymin, in the centred form: with u = x − x̄, v = y − ȳ the centre solves
 * [Σuu Σuv; Σuv Σvv]·(uc, vc) = ½·(Σu³ + Σuv², Σv³ + Σvu²) and
 * r² = uc² + vc² + (Σuu + Σvv)/N (I. Kåsa, IEEE Trans. Instrum. Meas. 25 (1976) 8–14).
 * Writes circle.x, circle.y, circle.r; false when fewer than 4 points or degenerate.
 */
function circleFit(xs: Float64Array, ys: Float64Array, lo: number, hi: number, ymin: number): boolean {
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let i = lo; i <= hi; i++) {
    if (!(ys[i] >= ymin)) continue;
    n++;
    mx += xs[i];
    my += ys[i];
  }
  if (n < 4) return false;
  mx /= n;
  my /= n;
  let suu = 0;
  let svv = 0;
  let suv = 0;
  let suuu = 0;
  let svvv = 0;
  let suvv = 0;
  let svuu = 0;
  for (let i = lo; i <= hi; i++) {
    if (!(ys[i] >= ymin)) continue;
    const u = xs[i] - mx;
    const v = ys[i] - my;
    const uu = u * u;
    const vv = v * v;
    suu += uu;
    svv += vv;
    suv += u * v;
    suuu += uu * u;
    svvv += vv * v;
    suvv += u * vv;
    svuu += v * uu;
  }
  const det = suu * svv - suv * suv;
  if (!(det > 0)) return false;
  const b1 = 0.5 * (suuu + suvv);
  const b2 = 0.5 * (svvv + svuu);
  const uc = (b1 * svv - b2 * suv) / det;
  const vc = (suu * b2 - suv * b1) / det;
  circle.x = uc + mx;
  circle.y = vc + my;
  circle.r = Math.sqrt(uc * uc + vc * vc + (suu + svv) / n);
  return Number.isFinite(circle.x) && Number.isFinite(circle.y) && Number.isFinite(circle.r);
}

/**
 * Replaces the diameter `ar[k]` and exponent `aa[k]` of arc k by those of the
 * circle through its segment's points (xs, ys): chord R = 2√(r² − yc²), apex
 * height h = r + yc, α = (4/π)·atan(2h/R); the left chord end is the series
 * intercept when k = 0. Kept only when plausible (R within a factor 2 of the
 * estimate from the −Im minima, positive intercept). Returns the intercept.
 */
function refineArc(k: number, ar: Float64Array, aa: Float64Array, xs: Float64Array, ys: Float64Array, lo: number, hi: number, ymin: number, hf: number): number {
  if (!circleFit(xs, ys, lo, hi, ymin)) return hf;
  const d2 = circle.r * circle.r - circle.y * circle.y;
  if (!(d2 > 0)) return hf;
  const d = Math.sqrt(d2);
  const R = 2 * d;
  const left = circle.x - d;
  if (!(R > 0.5 * ar[k] && R < 2 * ar[k])) return hf;
  if (k === 0 && !(left > 0.02 * an.x0)) return hf;
  ar[k] = R;
  aa[k] = Math.min(1, Math.max(0.5, (4 / Math.PI) * Math.atan((2 * (circle.r + circle.y)) / R)));
  return k === 0 ? left : hf;
}

/**
 * Overlapping arcs: refits each arc's circle after subtracting the other arcs,
 * modelled as ZARCs Z = R/(1 + (jωτ)^α) with τ = 1/(2π f_apex) (Cole & Cole,
 * J. Chem. Phys. 9 (1941) 341). The tail of a large neighbour otherwise lifts
 * one side of a small arc and biases its diameter and exponent. The arcs are
 * those just found by {@link realArcs} (apexes at FS[CHOSEN[k]]).
 */
function peelArcs(ar: Float64Array, aa: Float64Array, m: number, hf: number): number {
  const F = FS;
  const X = XS;
  const Y = YS;
  const lnf = LNF;
  const lnfAt = LNF_AT;
  const xr = XR;
  const yr = YR;
  const arcLnf = ARC_LNF;
  const arcC = ARC_C;
  const arcS = ARC_S;
  const idx = PEEL;
  for (let j = 0; j < m; j++) {
    arcLnf[j] = lnFrequency(CHOSEN[j]);
    arcC[j] = Math.cos(aa[j] * HALF_PI);
    arcS[j] = Math.sin(aa[j] * HALF_PI);
  }
  for (let k = 0; k < m; k++) {
    const lo = ARC_LO[k];
    const hi = ARC_HI[k];
    const alpha = aa[k];
    // Subtracting the other arcs only lowers −Im, so points far below this arc's
    // apex cannot reach the circle-fit threshold: skip them.
    const skip = 0.5 * CIRCLE_FRACTION * ar[k] * Math.tan(alpha * QUARTER_PI);
    // Z − Σ_{j≠k} Z_j, one arc j at a time (the same sums per point as arc by arc)
    // over the kept points (indices in PEEL); yr holds Im until the last pass.
    let np = 0;
    for (let i = lo; i <= hi; i++) {
      if (Y[i] < skip) {
        yr[i] = -Infinity;
        continue;
      }
      xr[i] = X[i];
      yr[i] = -Y[i];
      const f = F[i];
      if (lnfAt[i] !== f) {
        lnf[i] = Math.log(f);
        lnfAt[i] = f;
      }
      idx[np++] = i;
    }
    for (let j = 0; j < m; j++) {
      if (j === k) continue;
      // Z_j = R/(1 + t·e^{jαπ/2}) with t = (f/f_j)^α.
      const aj = aa[j];
      const lnfj = arcLnf[j];
      const cj = arcC[j];
      const sj = arcS[j];
      const rj = ar[j];
      for (let q = 0; q < np; q++) {
        const i = idx[q];
        const t = Math.exp(aj * (lnf[i] - lnfj));
        const pr = 1 + t * cj;
        const pi = t * sj;
        const g = rj / (pr * pr + pi * pi);
        xr[i] -= g * pr;
        yr[i] += g * pi;
      }
    }
    let ymax = 0;
    for (let q = 0; q < np; q++) {
      const i = idx[q];
      const y = -yr[i];
      yr[i] = y;
      if (y > ymax) ymax = y;
    }
    hf = refineArc(k, ar, aa, xr, yr, lo, hi, CIRCLE_FRACTION * ymax, hf);
    // Later arcs subtract this one with its new exponent (unchanged: the cached cos/sin stand).
    if (k + 1 < m && aa[k] !== alpha) {
      arcC[k] = Math.cos(aa[k] * HALF_PI);
      arcS[k] = Math.sin(aa[k] * HALF_PI);
    }
  }
  return hf;
}

/** How {@link complete} adds the first missing arc before the rules. */
const enum Fill {
  Rules,
  Hf,
  Lf,
  Split,
}

/** Inserts an inferred arc at position `at` of the completed set. */
function insertArc(at: number, frequency: number, resistance: number, alpha: number): void {
  for (let k = sN; k > at; k--) {
    SET_F[k] = SET_F[k - 1];
    SET_R[k] = SET_R[k - 1];
    SET_A[k] = SET_A[k - 1];
    SET_I[k] = SET_I[k - 1];
  }
  SET_F[at] = frequency;
  SET_R[at] = resistance;
  SET_A[at] = alpha;
  SET_I[at] = 1;
  sN++;
}

/** Adds an inferred arc above the window, taking half of the series intercept; returns the new intercept. */
function addHf(hf: number): number {
  const Y = YS;
  const Rv = 0.5 * hf;
  const ratio = Math.min(Math.max(Rv / (2 * Math.max(Y[aHs], 1e-12 * an.scale)), 1.5), 1e4);
  insertArc(0, an.fmax * ratio, Rv, 0.9);
  return hf - Rv;
}

/** Adds an inferred arc below the window. */
function addLf(): void {
  const Y = YS;
  insertArc(sN, an.fmin / 3, 2 * Math.max(Y[aLast], 0) + 0.1 * an.scale, 0.9);
}

/**
 * Completes the `bn` real arcs in `bf`/`br`/`ba` to `arcCount` arcs in the
 * completed set (SET_*, sN, an.setHf); `hfStart` is their series intercept.
 */
function complete(bf: Float64Array, br: Float64Array, ba: Float64Array, bn: number, fill: Fill, split: number, factor: number, hfStart: number): void {
  const Y = YS;
  const arcCount = aArcCount;
  for (let k = 0; k < bn; k++) {
    SET_F[k] = bf[k];
    SET_R[k] = br[k];
    SET_A[k] = ba[k];
    SET_I[k] = 0;
  }
  sN = bn;
  let hf = hfStart;
  if (sN < arcCount) {
    if (fill === Fill.Hf) hf = addHf(hf);
    else if (fill === Fill.Lf) addLf();
    else if (fill === Fill.Split && split < sN) {
      const frequency = SET_F[split] * factor;
      const resistance = 0.15 * SET_R[split];
      SET_R[split] *= 0.85;
      insertArc(factor > 1 ? split : split + 1, frequency, resistance, SET_A[split]);
    }
  }
  const hs = aHs;
  const last = aLast;
  // Rules: above the window when −Im rises towards the top frequency …
  if (sN < arcCount && ((Y[hs] > 0.02 * an.maxY && (hs + 1 > last || Y[hs] >= Y[hs + 1])) || sN === 0)) hf = addHf(hf);
  // … below the window when −Im still rises at the lowest frequency and there is no tail …
  if (sN < arcCount && !aHasTail && Y[last] > 0.02 * an.maxY && Y[last] >= Y[Math.max(last - 1, 0)]) addLf();
  // … else split the largest arc into two half a decade either side.
  while (sN < arcCount) {
    if (!sN) {
      insertArc(0, Math.sqrt(an.fmax * an.fmin), 0.5 * an.scale, 0.9);
      continue;
    }
    let big = 0;
    for (let k = 1; k < sN; k++) if (SET_R[k] > SET_R[big]) big = k;
    const f = SET_F[big];
    const r = SET_R[big];
    insertArc(big + 1, f / 3.16, r / 2, SET_A[big]);
    SET_F[big] = f * 3.16;
    SET_R[big] = r / 2;
    SET_I[big] = 1;
  }
  an.setHf = hf;
}

/** {@link complete} as an {@link ArcSet}. */
function arcSet(bf: Float64Array, br: Float64Array, ba: Float64Array, bn: number, fill: Fill, split: number, factor: number, hfStart: number): ArcSet {
  complete(bf, br, ba, bn, fill, split, factor, hfStart);
  const arcs: DetectedArc[] = [];
  for (let k = 0; k < sN; k++) arcs.push({ frequency: SET_F[k], resistance: SET_R[k], alpha: SET_A[k], inferred: SET_I[k] === 1 });
  return { arcs, highFrequencyIntercept: an.setHf };
}

/**
 * Extracts the features {@link guessInitial} needs: the high-frequency
 * intercept, the arcs from the peaks of −Im Z (apex frequency, diameter from
 * the Re Z at the −Im minima between arcs, exponent from the depression), and
 * the low-frequency slope.
 *
 * For an R∥CPE arc the apex height is h = (R/2)·tan(απ/4), so α = (4/π)·atan(2h/R)
 * (Orazem & Tribollet, *Electrochemical Impedance Spectroscopy*, 2nd ed. 2017, ch. 14).
 *
 * Each visible arc is then refined from its shape: an R∥CPE arc is a
 * depressed semicircle, so an algebraic circle fit (Kåsa, IEEE Trans.
 * Instrum. Meas. 25 (1976) 8–14) through its points with −Im ≥ 0.3·h gives the
 * chord R = 2√(r² − y_c²), the apex height h = r + y_c and, for the first arc,
 * the series intercept at the chord's left end. With two or more arcs the fit
 * is repeated after subtracting the other arcs as ZARCs R/(1 + (jω/ω_apex)^α),
 * because a large neighbour's tail lifts one side of a small arc. A refit is
 * kept only when its chord is within a factor 2 of the minima estimate.
 *
 * @param spectrum - the spectrum (any frequency order)
 * @param arcCount - number of arcs wanted; missing ones are inferred beyond the window or by splitting
 * @param hasTail - true when the circuit has a blocking series element (the LF rise is a tail, not an arc)
 * @returns the features
 * @throws DataFormatError `EMPTY` for a spectrum without points
 * @example
 * ```ts
 * const features = analyzeSpectrum(spectrum, 2, false);
 * features.arcs.map((a) => a.frequency);
 * ```
 */
export function analyzeSpectrum(spectrum: Spectrum, arcCount: number, hasTail: boolean): SpectrumFeatures {
  // Without points there is nothing to analyse (the scratch would still hold the previous spectrum's state).
  if (spectrum.frequency.length === 0) throw new DataFormatError([{ code: 'EMPTY', message: 'analyzeSpectrum: the spectrum has no points' }], spectrum.meta?.source);
  analyze(spectrum, arcCount, hasTail, true);
  const primary = arcSet(BASE_F, BASE_R, BASE_A, aBaseN, Fill.Rules, 0, 0, an.baseHf);
  const alternatives: ArcSet[] = [];
  if (aBaseN < arcCount) {
    // Ambiguous: fewer visible arcs than blocks. Offer every plausible completion.
    if (aB3N >= 0) alternatives.push(arcSet(B3_F, B3_R, B3_A, aB3N, Fill.Rules, 0, 0, an.b3Hf));
    alternatives.push(arcSet(BASE_F, BASE_R, BASE_A, aBaseN, Fill.Hf, 0, 0, an.baseHf), arcSet(BASE_F, BASE_R, BASE_A, aBaseN, Fill.Lf, 0, 0, an.baseHf));
    for (let k = 0; k < aBaseN; k++) {
      for (let q = 0; q < SPLIT_FACTORS.length; q++) alternatives.push(arcSet(BASE_F, BASE_R, BASE_A, aBaseN, Fill.Split, k, SPLIT_FACTORS[q], an.baseHf));
    }
  }
  return {
    highFrequencyIntercept: primary.highFrequencyIntercept,
    lowFrequencyRe: an.lfRe,
    arcs: primary.arcs,
    alternatives,
    tailExponent: an.tailExponent,
    tailMagnitude: an.tailMagnitude,
    frequencyRange: [an.fmin, an.fmax],
    scale: an.scale,
  };
}

/**
 * The analysis of {@link analyzeSpectrum} into the module state: the visible
 * arcs of YS5 (BASE_*, aBaseN, an.baseHf) and, when they are fewer than
 * `arcCount`, of YS3 (B3_*, aB3N ≥ 0 when YS3 has more peaks), plus an.lfRe,
 * an.tailExponent, an.tailMagnitude, an.scale and the window an.fmin/an.fmax.
 * The arc sets themselves are built by {@link complete}. Without `wantSlope`
 * the LF slope is skipped (tailExponent = 1).
 */
function analyze(spectrum: Spectrum, arcCount: number, hasTail: boolean, wantSlope: boolean): void {
  const n = spectrum.frequency.length;
  ensureCapacity(n);
  ensureSetCapacity(arcCount);
  // Local aliases of the module scratch, taken after it has grown.
  const F = FS;
  const Y = YS;
  let scale = loadSorted(spectrum);
  aArcCount = arcCount;
  aHasTail = hasTail;
  if (!(scale > 0)) scale = 1;
  an.scale = scale;
  // Skip inductive high-frequency points.
  let hs = 0;
  while (hs < n - 1 && Y[hs] <= 0) hs++;
  const last = n - 1;
  aHs = hs;
  aLast = last;
  an.fmax = F[hs];
  an.fmin = F[last];
  // an.maxY (from loadSorted) is also the largest −Im from hs on: the points before hs have −Im ≤ 0.
  const x0 = XS[hs];
  an.x0 = x0;
  an.hf0 = Math.max(x0 - Math.max(Y[hs], 0) * COT_A, 0.02 * x0);
  aTailStart = last;
  const count5 = findPeaks(2, YS5, P5I, P5P);
  aBaseN = realArcs(YS5, P5I, P5P, count5, BASE_F, BASE_R, BASE_A);
  an.baseHf = an.realHf;
  an.lfRe = an.realLfRe;
  aB3N = -1;
  if (aBaseN < arcCount) {
    // Ambiguous: the three-point smoothing may resolve a shoulder as its own peak.
    const count3 = findPeaks(1, YS3, P3I, P3P);
    if (count3 > count5) {
      aB3N = realArcs(YS3, P3I, P3P, count3, B3_F, B3_R, B3_A);
      an.b3Hf = an.realHf;
    }
  }
  // LF slope of ln(−Im) against ln ω over the last points.
  let tailExponent = 1;
  const k0 = Math.max(hs, Math.max(aTailStart, last - 3));
  if (wantSlope && last - k0 >= 1) {
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    let cnt = 0;
    for (let i = k0; i <= last; i++) {
      if (!(Y[i] > 0)) continue;
      const lx = lnFrequency(i);
      const ly = Math.log(Y[i]);
      sx += lx;
      sy += ly;
      sxx += lx * lx;
      sxy += lx * ly;
      cnt++;
    }
    const den = cnt * sxx - sx * sx;
    if (cnt >= 2 && den > 0) tailExponent = -(cnt * sxy - sx * sy) / den;
  }
  an.tailExponent = Math.min(1, Math.max(0.3, Number.isFinite(tailExponent) ? tailExponent : 1));
  an.tailMagnitude = Math.max(Y[last], 1e-6 * scale);
}

// ---------------------------------------------------------------------------
// Per-model plan: which parameters each rule of guessCandidates fills. It
// depends only on the circuit and the registry, so it is built once per model.

/** Parameter kinds for the block rules. */
const enum Kind {
  Other,
  Exponent,
  Time,
  Ohm,
}

/** How an element inside an arc block is set. */
const enum BlockRole {
  Resistor,
  Capacitive,
  Leaf,
  Extra,
}

/** One element the plan fills. */
interface PlanElement {
  def: ElementDefinition;
  /** Indices into the model's parameters. */
  idx: number[];
  /** Kind per element parameter. */
  kinds: Kind[];
  /** Per element parameter: lower bound + 0.01 and upper bound (the clamp of an exponent). */
  expLo: Float64Array;
  expHi: Float64Array;
  /** Per element parameter: unit is seconds. */
  seconds: boolean[];
  /** Scratch for the element's values (handed to its kernel). */
  v: Float64Array;
  role: BlockRole;
}

interface GuessPlan {
  registry: ElementRegistry;
  defaults: Float64Array;
  /** Parameter indices of each top-level series resistor. */
  seriesR: number[][];
  /** Parameter indices of each top-level inductor. */
  inductors: number[][];
  tails: PlanElement[];
  /** Per top-level arc block, the elements to set, in circuit order. */
  blocks: PlanElement[][];
  /** Per model parameter: bounds and scale (for {@link clampInside}). */
  lower: Float64Array;
  upper: Float64Array;
  scales: ('log' | 'linear')[];
}

const planCache = new WeakMap<CircuitModel, GuessPlan>();

function planFor(model: CircuitModel, registry: ElementRegistry): GuessPlan {
  const cached = planCache.get(model);
  if (cached && cached.registry === registry) return cached;
  const plan = buildPlan(model, registry);
  planCache.set(model, plan);
  return plan;
}

function buildPlan(model: CircuitModel, registry: ElementRegistry): GuessPlan {
  const params = model.parameters;
  const defaults = new Float64Array(params.length);
  for (let i = 0; i < params.length; i++) defaults[i] = params[i].default;
  const byElement = new Map<string, number[]>();
  params.forEach((p, i) => {
    const list = byElement.get(p.element) ?? [];
    list.push(i);
    byElement.set(p.element, list);
  });
  const indices = (name: string) => byElement.get(name) ?? [];
  const element = (name: string, def: ElementDefinition, role: BlockRole): PlanElement => {
    const idx = indices(name);
    const ps = def.parameters;
    const kinds = ps.map((p) => (isExponent(p) ? Kind.Exponent : p.unit === 's' ? Kind.Time : p.unit === 'Ω' ? Kind.Ohm : Kind.Other));
    const expLo = Float64Array.from(ps, (p) => p.bounds[0] + 0.01);
    const expHi = Float64Array.from(ps, (p) => p.bounds[1]);
    const seconds = ps.map((p) => p.unit === 's');
    return { def, idx, kinds, expLo, expHi, seconds, v: new Float64Array(idx.length), role };
  };
  const ast = model.ast;
  const top: CircuitNode[] = ast.type === 'series' ? ast.children : [ast];
  const lower = Float64Array.from(params, (p) => p.bounds[0]);
  const upper = Float64Array.from(params, (p) => p.bounds[1]);
  const scales = params.map((p) => p.scale);
  const plan: GuessPlan = { registry, defaults, seriesR: [], inductors: [], tails: [], blocks: [], lower, upper, scales };
  for (const node of top) {
    if (node.type === 'element') {
      const def = registry.get(node.symbol);
      if (!def) continue;
      if (node.symbol === 'R') plan.seriesR.push(indices(node.name));
      else if (node.symbol === 'L') plan.inductors.push(indices(node.name));
      else if (isBlocking(def)) plan.tails.push(element(node.name, def, BlockRole.Extra));
      else plan.blocks.push([element(node.name, def, BlockRole.Leaf)]);
      continue;
    }
    const list: PlanElement[] = [];
    plan.blocks.push(list);
    if (node.type !== 'parallel') continue;
    let resistorDone = false;
    const add = (c: CircuitNode, other: BlockRole) => {
      if (c.type !== 'element') return;
      const role = c.symbol === 'R' && !resistorDone ? BlockRole.Resistor : other;
      if (role === BlockRole.Resistor) resistorDone = true;
      const def = registry.get(c.symbol);
      if (def) list.push(element(c.name, def, role));
    };
    for (const child of node.children) {
      if (child.type === 'element') add(child, BlockRole.Capacitive);
      else if (child.type === 'series') for (const c of child.children) add(c, BlockRole.Extra);
    }
  }
  return plan;
}

/** Copies an element's current values into its scratch. */
function loadElement(el: PlanElement, values: Float64Array): Float64Array {
  const v = el.v;
  const idx = el.idx;
  for (let k = 0; k < idx.length; k++) v[k] = values[idx[k]];
  return v;
}

/** Writes an element's scratch back. */
function storeElement(el: PlanElement, values: Float64Array): void {
  const v = el.v;
  const idx = el.idx;
  for (let k = 0; k < idx.length; k++) values[idx[k]] = v[k];
}

/** Sets the first parameter of each listed element to `x` (the rest become NaN → default). */
function setFirst(lists: number[][], values: Float64Array, x: number): void {
  for (let e = 0; e < lists.length; e++) {
    const idx = lists[e];
    for (let k = 0; k < idx.length; k++) values[idx[k]] = k === 0 ? x : NaN;
  }
}

/** Fills one start vector from the completed arc set SET_* (steps 1–4 of {@link guessInitial}). */
function fillValues(plan: GuessPlan, imTop: number): Float64Array {
  const values = new Float64Array(plan.defaults);
  const fmin = an.fmin;
  const fmax = an.fmax;
  const scale = an.scale;
  // Series resistors.
  if (plan.seriesR.length) setFirst(plan.seriesR, values, Math.max(an.setHf, 1e-6 * scale) / plan.seriesR.length);
  // Inductors.
  if (plan.inductors.length) setFirst(plan.inductors, values, Math.max(imTop, 1e-4 * scale) / (TWO_PI * fmax) / plan.inductors.length);
  // Tails.
  const tails = plan.tails;
  for (let t = 0; t < tails.length; t++) {
    const el = tails[t];
    const v = loadElement(el, values);
    const np = el.kinds.length;
    const alpha = an.tailExponent;
    for (let j = 0; j < np; j++) if (el.kinds[j] === Kind.Exponent) v[j] = Math.min(Math.max(alpha, el.expLo[j]), el.expHi[j]);
    const wmin = TWO_PI * fmin;
    for (let j = 0; j < np; j++) if (el.seconds[j]) v[j] = (an.tailExponent < 0.75 ? 10 : 0.3) / wmin;
    matchMagnitude(el.def, v, wmin, an.tailMagnitude / Math.max(Math.sin((alpha * Math.PI) / 2), 0.3) / tails.length);
    storeElement(el, values);
  }
  // Arc blocks, in circuit order, highest frequency first.
  const blocks = plan.blocks;
  const nb = Math.min(blocks.length, sN);
  for (let b = 0; b < nb; b++) {
    const resistance = SET_R[b];
    const alpha = SET_A[b];
    const w = TWO_PI * SET_F[b];
    const list = blocks[b];
    for (let e = 0; e < list.length; e++) {
      const el = list[e];
      const v = loadElement(el, values);
      const role = el.role;
      if (role === BlockRole.Resistor) {
        v[0] = resistance;
      } else {
        const kinds = el.kinds;
        for (let j = 0; j < kinds.length; j++) {
          const kind = kinds[j];
          if (kind === Kind.Exponent) v[j] = Math.min(Math.max(alpha, el.expLo[j]), el.expHi[j]);
          else if (kind === Kind.Time) v[j] = role === BlockRole.Extra ? 1 / (TWO_PI * fmin) : 1 / w;
          else if (role === BlockRole.Leaf && kind === Kind.Ohm) v[j] = resistance;
        }
        if (role === BlockRole.Capacitive) matchMagnitude(el.def, v, w, resistance);
        else if (role === BlockRole.Extra) matchMagnitude(el.def, v, TWO_PI * fmin, resistance);
      }
      storeElement(el, values);
    }
  }
  // Strictly inside bounds, finite.
  const defaults = plan.defaults;
  const lower = plan.lower;
  const upper = plan.upper;
  const scales = plan.scales;
  for (let i = 0; i < values.length; i++) {
    let v = values[i];
    if (!Number.isFinite(v)) v = defaults[i];
    values[i] = clampInside(v, lower[i], upper[i], scales[i]);
  }
  return values;
}

/**
 * Automatic starting values for every parameter of `model`, from the spectrum.
 *
 * 1. Series resistors share the high-frequency intercept.
 * 2. Arcs (−Im peaks; see {@link analyzeSpectrum}) are assigned to the
 *    top-level parallel blocks in circuit order, highest apex frequency first
 *    (increasing time constant). In each block the resistor takes the arc
 *    diameter R, exponents take α from the depression, and the capacitive
 *    element's magnitude parameter is set so that |Z_el(ω_apex)| = R — the apex
 *    condition R·Q·ω^α = 1 of R∥CPE, ω = 1/(RC) of R∥C.
 * 3. Blocking series elements (C, CPE, W, Wo, …: |Z| → ∞ as ω → 0) take the
 *    exponent from the low-frequency slope of ln(−Im) and the magnitude of
 *    −Im Z at the lowest frequency (a Warburg gets slope ½ and τ beyond the window).
 * 4. Inductors take the positive Im Z at the top frequency; everything else
 *    keeps its registry default. Values are moved strictly inside their bounds.
 *
 * @param model - compiled circuit
 * @param spectrum - the data (already range-filtered)
 * @param options - see {@link GuessOptions}
 * @returns starting values in `model.parameters` order
 * @example
 * ```ts
 * const model = compileCircuit('R0-p(R1,CPE1)-p(R2,CPE2)');
 * const x0 = guessInitial(model, spectrum);
 * ```
 */
export function guessInitial(model: CircuitModel, spectrum: Spectrum, options: GuessOptions = {}): Float64Array {
  return guessCandidates(model, spectrum, options)[0];
}

/**
 * Like {@link guessInitial}, but when the spectrum shows fewer arcs than the
 * circuit has blocks it also returns the alternative completions of
 * {@link SpectrumFeatures.alternatives} (hidden shoulder either side of a
 * visible arc, an arc above or below the window). `fitCircuit` starts from
 * every candidate and keeps the lowest cost.
 *
 * The circuit-dependent part (which parameter each rule sets) is computed once
 * per model and registry and cached.
 *
 * @param model - compiled circuit
 * @param spectrum - the data
 * @param options - see {@link GuessOptions}
 * @returns at least one start vector; the first is {@link guessInitial}'s
 * @example
 * ```ts
 * guessCandidates(compileCircuit('R0-p(R1,CPE1)-p(R2,CPE2)'), spectrum).length; // 1 when both arcs are visible
 * ```
 */
export function guessCandidates(model: CircuitModel, spectrum: Spectrum, options: GuessOptions = {}): Float64Array[] {
  const plan = planFor(model, options.elements ?? BUILTIN_ELEMENTS);
  const f = spectrum.frequency;
  if (f.length === 0) return [plan.defaults.slice()];
  const arcCount = plan.blocks.length;
  const hasTail = plan.tails.length > 0;
  // The LF slope only serves the tails.
  analyze(spectrum, arcCount, hasTail, hasTail);
  let imTop = 0;
  if (plan.inductors.length) {
    let k = 0;
    for (let i = 1; i < f.length; i++) if (f[i] > f[k]) k = i;
    imTop = spectrum.im[k];
  }
  complete(BASE_F, BASE_R, BASE_A, aBaseN, Fill.Rules, 0, 0, an.baseHf);
  const out: Float64Array[] = [fillValues(plan, imTop)];
  if (aBaseN < arcCount) {
    // The alternatives of analyzeSpectrum, in the same order, each filled as soon as it is built.
    if (aB3N >= 0) {
      complete(B3_F, B3_R, B3_A, aB3N, Fill.Rules, 0, 0, an.b3Hf);
      out.push(fillValues(plan, imTop));
    }
    complete(BASE_F, BASE_R, BASE_A, aBaseN, Fill.Hf, 0, 0, an.baseHf);
    out.push(fillValues(plan, imTop));
    complete(BASE_F, BASE_R, BASE_A, aBaseN, Fill.Lf, 0, 0, an.baseHf);
    out.push(fillValues(plan, imTop));
    for (let k = 0; k < aBaseN; k++) {
      for (let q = 0; q < SPLIT_FACTORS.length; q++) {
        complete(BASE_F, BASE_R, BASE_A, aBaseN, Fill.Split, k, SPLIT_FACTORS[q], an.baseHf);
        out.push(fillValues(plan, imTop));
      }
    }
  }
  return out;
}

/**
 * Moves a value strictly inside [lower, upper] (by 1e-3 of the range, or of the
 * bound's magnitude for half-open ranges; geometrically for log-scale values).
 *
 * @param v - value
 * @param lower - lower bound
 * @param upper - upper bound
 * @param scale - parameter scale
 * @returns a value in the open interval
 * @example
 * ```ts
 * clampInside(2, 0, 1, 'linear'); // 0.999
 * ```
 */
export function clampInside(v: number, lower: number, upper: number, scale: 'log' | 'linear'): number {
  if (scale === 'log' && lower >= 0) {
    if (!(v > 0)) v = 1e-12;
    if (v <= lower) v = lower * 1.001;
    if (Number.isFinite(upper) && v >= upper) v = upper * 0.999;
    if (v <= lower) v = lower > 0 ? Math.sqrt(lower * upper) : upper * 0.5;
    return v;
  }
  const range = upper - lower;
  const m = Number.isFinite(range) ? 1e-3 * range : 1e-3 * Math.max(1, Math.abs(Number.isFinite(lower) ? lower : upper));
  if (v <= lower) v = lower + m;
  if (v >= upper) v = upper - m;
  return v;
}
