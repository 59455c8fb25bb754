import { cothRatio, tanhRatio } from '../../internal/complex.js';
import type { ElementDefinition, ElementGradient, ElementKernel } from '../types.js';

const HALF_PI = Math.PI / 2;
const T = new Float64Array(4);

/**
 * Blocking porous electrode (de Levie / Bisquert transmission line with a
 * reflective end and a CPE interface), impedance.py's `TLMQ`:
 *
 *   Z = √(R_ion·ζ)·coth(√(R_ion/ζ)),  ζ = 1/(Q(jω)^γ).
 *
 * Units: R_ion total ionic (pore) resistance in Ω, Q total interfacial CPE
 * coefficient in Ω⁻¹·s^γ, γ in [0, 1]. Limits: Z ≈ R_ion/3 + ζ as ω → 0
 * (capacitive line), Z ≈ √(R_ion·ζ) (45° line for γ = 1) as ω → ∞.
 * Written as Z = R_ion·G(x), G(x) = coth(√x)/√x, x = R_ion·Q(jω)^γ, with coth
 * formed from exp(−2√x) (no overflow). Partials, H = x·G′(x):
 * ∂Z/∂R_ion = G + H, ∂Z/∂Q = R_ion·H/Q, ∂Z/∂γ = R_ion·H·(ln ω + jπ/2).
 * Reference: R. de Levie, Electrochim. Acta 8 (1963) 751; J. Bisquert,
 * Phys. Chem. Chem. Phys. 2 (2000) 4185; J. Landesfeind et al.,
 * J. Electrochem. Soc. 163 (2016) A1373, eq. 11; impedance.py's `TLMQ`
 * (`TLMQ1_0` = R_ion, `TLMQ1_1` = Q, `TLMQ1_2` = γ).
 *
 * @example
 * ```ts
 * compileCircuit('TLMQ1').evaluate([10, 1e-3, 0.9], new Float64Array([1e-2, 1e4]));
 * ```
 */
export const tlmBlocking: ElementDefinition = {
  symbol: 'TLMQ',
  name: 'transmission line, blocking porous electrode (reflective end)',
  parameters: [
    { name: 'Rion', unit: 'Ω', default: 10, bounds: [0, Infinity], scale: 'log', description: 'total ionic resistance of the pores' },
    { name: 'Q', unit: 'Ω^-1 s^γ', default: 1e-4, bounds: [0, Infinity], scale: 'log', description: 'total interfacial CPE coefficient' },
    { name: 'gamma', unit: '1', default: 0.9, bounds: [0, 1], scale: 'linear', description: 'interfacial CPE exponent' },
  ],
  equation: 'sqrt(Rion / (Q * (i * omega)^gamma)) * coth(sqrt(Rion * Q * (i * omega)^gamma))',
  reference: 'de Levie, Electrochim. Acta 8 (1963) 751; Bisquert, Phys. Chem. Chem. Phys. 2 (2000) 4185; impedance.py TLMQ',
  kernel(p, o, g, re, im) {
    const ri = p[o];
    const q = p[o + 1];
    const ga = p[o + 2];
    const c = ri * q * Math.cos(ga * HALF_PI);
    const s = ri * q * Math.sin(ga * HALF_PI);
    const lw = g.logOmega;
    for (let i = 0; i < g.n; i++) {
      const m = Math.exp(ga * lw[i]);
      cothRatio(m * c, m * s, T);
      re[i] = ri * T[0];
      im[i] = ri * T[1];
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    const ri = p[o];
    const q = p[o + 1];
    const ga = p[o + 2];
    const c = ri * q * Math.cos(ga * HALF_PI);
    const s = ri * q * Math.sin(ga * HALF_PI);
    const lw = g.logOmega;
    const n = g.n;
    const b0 = col * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    for (let i = 0; i < n; i++) {
      const m = Math.exp(ga * lw[i]);
      cothRatio(m * c, m * s, T);
      re[i] = ri * T[0];
      im[i] = ri * T[1];
      dRe[b0 + i] = T[0] + T[2];
      dIm[b0 + i] = T[1] + T[3];
      const hr = ri * T[2];
      const hi = ri * T[3];
      dRe[b1 + i] = hr / q;
      dIm[b1 + i] = hi / q;
      const l = lw[i];
      dRe[b2 + i] = hr * l - hi * HALF_PI;
      dIm[b2 + i] = hi * l + hr * HALF_PI;
    }
  },
};

type Ratio = (xr: number, xi: number, out: Float64Array) => void;

/** Kernel of a charge-transfer line Z = R_ion·F(x), x = R_ion/R_ct + R_ion·Q(jω)^α. */
function chargeTransferKernel(ratio: Ratio): ElementKernel {
  return (p, o, g, re, im) => {
    const ri = p[o];
    const rct = p[o + 1];
    const q = p[o + 2];
    const a = p[o + 3];
    const x0 = ri / rct;
    const c = ri * q * Math.cos(a * HALF_PI);
    const s = ri * q * Math.sin(a * HALF_PI);
    const lw = g.logOmega;
    for (let i = 0; i < g.n; i++) {
      const m = Math.exp(a * lw[i]);
      ratio(x0 + m * c, m * s, T);
      re[i] = ri * T[0];
      im[i] = ri * T[1];
    }
  };
}

/**
 * Value and partials of a charge-transfer line. With H = x·F′(x) and the
 * bounded fractions r_ct = (R_ion/R_ct)/x, r_q = 1 − r_ct:
 * ∂Z/∂R_ion = F + H, ∂Z/∂R_ct = −(R_ion/R_ct)·H·r_ct, ∂Z/∂Q = R_ion·H·r_q/Q,
 * ∂Z/∂α = R_ion·H·r_q·(ln ω + jπ/2).
 */
function chargeTransferGradient(ratio: Ratio): ElementGradient {
  return (p, o, g, re, im, dRe, dIm, col) => {
    const ri = p[o];
    const rct = p[o + 1];
    const q = p[o + 2];
    const a = p[o + 3];
    const x0 = ri / rct;
    const c = ri * q * Math.cos(a * HALF_PI);
    const s = ri * q * Math.sin(a * HALF_PI);
    const lw = g.logOmega;
    const n = g.n;
    const b0 = col * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    for (let i = 0; i < n; i++) {
      const m = Math.exp(a * lw[i]);
      const xr = x0 + m * c;
      const xi = m * s;
      ratio(xr, xi, T);
      re[i] = ri * T[0];
      im[i] = ri * T[1];
      dRe[b0 + i] = T[0] + T[2];
      dIm[b0 + i] = T[1] + T[3];
      // r_ct = x0 / x
      const xd = xr * xr + xi * xi;
      const rr = (x0 * xr) / xd;
      const rim = (-x0 * xi) / xd;
      const hr = T[2];
      const hi = T[3];
      dRe[b1 + i] = -x0 * (hr * rr - hi * rim);
      dIm[b1 + i] = -x0 * (hr * rim + hi * rr);
      // R_ion·H·r_q
      const qr = 1 - rr;
      const qi = -rim;
      const ur = ri * (hr * qr - hi * qi);
      const ui = ri * (hr * qi + hi * qr);
      dRe[b2 + i] = ur / q;
      dIm[b2 + i] = ui / q;
      const l = lw[i];
      dRe[b3 + i] = ur * l - ui * HALF_PI;
      dIm[b3 + i] = ui * l + ur * HALF_PI;
    }
  };
}

const chargeTransferParameters = [
  { name: 'Rion', unit: 'Ω', default: 10, bounds: [0, Infinity], scale: 'log', description: 'total ionic resistance of the pores' },
  { name: 'Rct', unit: 'Ω', default: 100, bounds: [0, Infinity], scale: 'log', description: 'total charge-transfer resistance' },
  { name: 'Q', unit: 'Ω^-1 s^α', default: 1e-4, bounds: [0, Infinity], scale: 'log', description: 'total interfacial CPE coefficient' },
  { name: 'alpha', unit: '1', default: 0.9, bounds: [0, 1], scale: 'linear', description: 'interfacial CPE exponent' },
] as const;

/**
 * Non-blocking porous electrode: transmission line with a reflective end and
 * a charge-transfer interface ζ = R_ct ∥ CPE:
 *
 *   Z = √(R_ion·ζ)·coth(√(R_ion/ζ)),  ζ = R_ct/(1 + R_ct·Q(jω)^α).
 *
 * Units: R_ion and R_ct totals in Ω, Q in Ω⁻¹·s^α, α in [0, 1]. Limits:
 * Z → √(R_ion R_ct)·coth(√(R_ion/R_ct)) as ω → 0 (de Levie DC resistance);
 * Z ≈ √(R_ion·ζ) as ω → ∞; R_ct → ∞ gives {@link tlmBlocking}.
 * Written as Z = R_ion·G(x), x = R_ion/ζ, G(x) = coth(√x)/√x (overflow-free).
 * Reference: J. Bisquert, Phys. Chem. Chem. Phys. 2 (2000) 4185;
 * J. Bisquert et al., J. Phys. Chem. B 104 (2000) 2287; de Levie (1963).
 * Keys: `TLMct1_0` = R_ion, `_1` = R_ct, `_2` = Q, `_3` = α.
 *
 * @example
 * ```ts
 * compileCircuit('TLMct1').evaluate([10, 100, 1e-3, 0.9], new Float64Array([1e-3, 1e3]));
 * ```
 */
export const tlmChargeTransfer: ElementDefinition = {
  symbol: 'TLMct',
  name: 'transmission line, porous electrode with charge transfer (reflective end)',
  parameters: chargeTransferParameters,
  equation:
    'sqrt(Rion * Rct / (1 + Rct * Q * (i * omega)^alpha)) * coth(sqrt(Rion * (1 + Rct * Q * (i * omega)^alpha) / Rct))',
  reference: 'Bisquert, Phys. Chem. Chem. Phys. 2 (2000) 4185; Bisquert et al., J. Phys. Chem. B 104 (2000) 2287',
  kernel: chargeTransferKernel(cothRatio),
  gradient: chargeTransferGradient(cothRatio),
};

/**
 * Porous electrode with charge transfer and a transmissive (absorbing) end,
 * the tanh counterpart of {@link tlmChargeTransfer}:
 *
 *   Z = √(R_ion·ζ)·tanh(√(R_ion/ζ)),  ζ = R_ct/(1 + R_ct·Q(jω)^α).
 *
 * Units as for {@link tlmChargeTransfer}. Limits: Z →
 * √(R_ion R_ct)·tanh(√(R_ion/R_ct)) as ω → 0 (→ R_ion when R_ct ≫ R_ion);
 * Z ≈ √(R_ion·ζ) as ω → ∞. Written as Z = R_ion·T(x), T(x) = tanh(√x)/√x.
 * Reference: J. Bisquert, Phys. Chem. Chem. Phys. 2 (2000) 4185 (absorbing
 * boundary). Keys: `TLMt1_0` = R_ion, `_1` = R_ct, `_2` = Q, `_3` = α.
 *
 * @example
 * ```ts
 * compileCircuit('TLMt1').evaluate([10, 100, 1e-3, 0.9], new Float64Array([1e-3, 1e3]));
 * ```
 */
export const tlmTransmissive: ElementDefinition = {
  symbol: 'TLMt',
  name: 'transmission line with charge transfer (transmissive end)',
  parameters: chargeTransferParameters,
  equation:
    'sqrt(Rion * Rct / (1 + Rct * Q * (i * omega)^alpha)) * tanh(sqrt(Rion * (1 + Rct * Q * (i * omega)^alpha) / Rct))',
  reference: 'Bisquert, Phys. Chem. Chem. Phys. 2 (2000) 4185',
  kernel: chargeTransferKernel(tanhRatio),
  gradient: chargeTransferGradient(tanhRatio),
};
