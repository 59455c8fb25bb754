import { ParameterError } from '../errors.js';
import { modulus } from '../internal/complex.js';

/**
 * Weighting of the complex residuals. Residual i is rᵢ = (Z_model,i − Z_data,i)/σᵢ
 * (real and imaginary parts separately), so the cost is χ² = Σ (ΔRe/σ_re)² + (ΔIm/σ_im)².
 *
 * - `'unit'`: σ = 1 (impedance.py's default; the cost is Σ|ΔZ|² in Ω²).
 * - `'modulus'`: σ = |Z_data| on both parts (weight 1/|Z|² on the squares;
 *   impedance.py `weight_by_modulus`, Orazem & Tribollet 2017 §19).
 * - `'proportional'`: σ_re = |Re Z_data|, σ_im = |Im Z_data|, each floored at
 *   1e-3·|Z_data| so near-zero parts do not get infinite weight
 *   (proportional weighting, Orazem & Tribollet 2017 §19.4).
 * - `'boukamp'`: σ = |Z_model| on both parts, i.e. weight 1/|Z_model|² that
 *   moves with the fit (Boukamp, Solid State Ionics 20 (1986) 31); its
 *   Jacobian includes the derivative of the weight.
 * - explicit σ: one array of σ per point (both parts), or `{ re, im }` arrays.
 *
 * @example
 * ```ts
 * fitCircuit('R0-p(R1,C1)', spectrum, { weighting: 'modulus' });
 * fitCircuit('R0-p(R1,C1)', spectrum, { weighting: { re: sigmaRe, im: sigmaIm } });
 * ```
 */
export type Weighting =
  | 'unit'
  | 'modulus'
  | 'proportional'
  | 'boukamp'
  | ArrayLike<number>
  | SigmaPair;

/** Separate standard deviations of the real and imaginary parts (Ω, one per point). */
export interface SigmaPair {
  /** σ of Re Z per point. */
  readonly re: ArrayLike<number>;
  /** σ of Im Z per point. */
  readonly im: ArrayLike<number>;
}

/** Weights resolved for one spectrum. */
export interface ResolvedWeights {
  /** 1/σ of the real parts (length N). */
  wRe: Float64Array;
  /** 1/σ of the imaginary parts (length N). */
  wIm: Float64Array;
  /** True for `'boukamp'`: weights are 1/|Z_model| and recomputed at each evaluation. */
  modelDependent: boolean;
  /** True when σ came from the user (absolute): the covariance is then not rescaled by χ²/(N−p). */
  absolute: boolean;
  /** Name for reports: the mode, or `'sigma'` for explicit σ. */
  name: string;
}

/**
 * Resolves a {@link Weighting} into per-point inverse standard deviations.
 *
 * @param weighting - the weighting mode or explicit σ
 * @param re - Re Z of the data (Ω)
 * @param im - Im Z of the data (Ω)
 * @param index - for explicit σ given for the full spectrum: indices of the points kept (frequency range / mask)
 * @returns 1/σ arrays
 * @throws ParameterError `BAD_OPTION` for an unknown mode, a wrong σ length, or σ ≤ 0 / not finite
 * @example
 * ```ts
 * const w = resolveWeights('modulus', new Float64Array([3]), new Float64Array([-4]));
 * w.wRe[0]; // 0.2
 * ```
 */
export function resolveWeights(
  weighting: Weighting | undefined,
  re: Float64Array,
  im: Float64Array,
  index?: ArrayLike<number>,
): ResolvedWeights {
  const n = re.length;
  // One buffer for both (an ArrayBuffer costs ≈ 0.5–1 µs to create; the views are disjoint).
  const both = new Float64Array(2 * n);
  const wRe = both.subarray(0, n);
  const wIm = both.subarray(n, 2 * n);
  const mode = weighting ?? 'unit';
  if (typeof mode === 'string') {
    if (mode === 'unit' || mode === 'boukamp') {
      // No modulus needed (Math.hypot costs ≈ 50 ns a point in V8).
      wRe.fill(1);
      wIm.fill(1);
      return { wRe, wIm, modelDependent: mode === 'boukamp', absolute: false, name: mode };
    }
    for (let i = 0; i < n; i++) {
      const mod = modulus(re[i], im[i]);
      switch (mode) {
        case 'modulus':
          wRe[i] = mod > 0 ? 1 / mod : 1;
          wIm[i] = wRe[i];
          break;
        case 'proportional': {
          const floor = Math.max(1e-3 * mod, Number.MIN_VALUE);
          wRe[i] = 1 / Math.max(Math.abs(re[i]), floor);
          wIm[i] = 1 / Math.max(Math.abs(im[i]), floor);
          break;
        }
        default:
          throw new ParameterError(
            'BAD_OPTION',
            `unknown weighting "${String(mode)}"; use 'unit', 'modulus', 'proportional', 'boukamp' or an array of σ`,
            'weighting',
          );
      }
    }
    return { wRe, wIm, modelDependent: false, absolute: false, name: mode };
  }
  const isPair = typeof mode === 'object' && mode !== null && 're' in mode && 'im' in mode && !('length' in mode);
  const sRe = isPair ? (mode as { re: ArrayLike<number> }).re : (mode as ArrayLike<number>);
  const sIm = isPair ? (mode as { im: ArrayLike<number> }).im : (mode as ArrayLike<number>);
  const fill = (src: ArrayLike<number>, dst: Float64Array, label: string) => {
    const full = index && src.length !== n;
    if (src.length !== n && !(index && src.length > 0)) {
      throw new ParameterError('BAD_OPTION', `weighting σ${label} has ${src.length} values; expected ${n}`, 'weighting');
    }
    for (let i = 0; i < n; i++) {
      const k = full ? index![i] : i;
      if (k >= src.length) {
        throw new ParameterError('BAD_OPTION', `weighting σ${label} has ${src.length} values; point ${k + 1} has none`, 'weighting');
      }
      const s = src[k];
      if (!(s > 0) || !Number.isFinite(s)) {
        throw new ParameterError('BAD_OPTION', `weighting σ${label}[${k}] = ${s} must be finite and > 0`, 'weighting');
      }
      dst[i] = 1 / s;
    }
  };
  fill(sRe, wRe, isPair ? '.re' : '');
  fill(sIm, wIm, isPair ? '.im' : '');
  return { wRe, wIm, modelDependent: false, absolute: true, name: 'sigma' };
}
