import { ParameterError } from '../../errors.js';

/**
 * Analytic distribution of relaxation times of a Zarc (R ∥ CPE,
 * Z = R/(1 + (jωτ₀)^n), τ₀ = (R·Q)^(1/n)):
 *
 * γ(ln τ) = (R/2π) · sin((1 − n)π) / (cosh(n·ln(τ/τ₀)) − cos((1 − n)π)),
 *
 * normalised so that ∫γ d ln τ = R and Z(ω) = ∫γ/(1 + jωτ) d ln τ (the
 * Cole–Cole distribution; Fuoss & Kirkwood, J. Am. Chem. Soc. 63 (1941) 385;
 * B. A. Boukamp, Electrochim. Acta 154 (2015) 35 for the DRT form). For
 * n = 1 the distribution is a Dirac delta at τ₀ (not representable here).
 *
 * @param R - resistance, Ω (> 0)
 * @param tau0 - characteristic time constant τ₀, s (> 0)
 * @param n - CPE exponent, 0 < n < 1
 * @param tau - time constants at which to evaluate γ, s
 * @returns γ(ln τ) in Ω
 * @throws ParameterError `OUT_OF_BOUNDS` when R ≤ 0, τ₀ ≤ 0 or n ∉ (0, 1)
 * @example
 * ```ts
 * zarcDrt(100, 1e-3, 0.8, new Float64Array([1e-3])); // peak height (100/2π)·sin(0.2π)/(1 − cos(0.2π))
 * ```
 */
export function zarcDrt(R: number, tau0: number, n: number, tau: ArrayLike<number>): Float64Array {
  if (!(R > 0) || !Number.isFinite(R)) throw new ParameterError('OUT_OF_BOUNDS', `R must be > 0, got ${R}`, 'R');
  if (!(tau0 > 0) || !Number.isFinite(tau0)) throw new ParameterError('OUT_OF_BOUNDS', `tau0 must be > 0, got ${tau0}`, 'tau0');
  if (!(n > 0 && n < 1)) throw new ParameterError('OUT_OF_BOUNDS', `n must be in (0, 1), got ${n}`, 'n');
  const s = Math.sin((1 - n) * Math.PI);
  const c = Math.cos((1 - n) * Math.PI);
  const k = R / (2 * Math.PI);
  const out = new Float64Array(tau.length);
  for (let i = 0; i < tau.length; i++) {
    const x = n * Math.log(tau[i] / tau0);
    // cosh overflows beyond |x| ≈ 710: γ is then 0 to double precision.
    const ch = Math.abs(x) > 700 ? Infinity : Math.cosh(x);
    out[i] = (k * s) / (ch - c);
  }
  return out;
}
