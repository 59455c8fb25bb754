import { describe, expect, it } from 'vitest';
import { assignArcs } from '../../src/analysis/assignArcs.js';
import { deriveProperties, type SolidStateProperties } from '../../src/analysis/deriveProperties.js';
import { foldChange, type DerivedQuantity } from '../../src/analysis/propagate.js';
import { circuitTemplate } from '../../src/analysis/templates.js';
import { createCell } from '../../src/analysis/cell.js';
import { compileCircuit } from '../../src/circuit/compileCircuit.js';
import { simulateImpedance } from '../../src/circuit/simulateImpedance.js';
import { createRandom } from '../../src/random.js';
import { fitCircuit } from '../../src/fit/fitCircuit.js';
import { expectClose } from '../helpers/close.js';
import { bulkArcCell, llzoInterlayer, llztoIto, lltoBlocking, logFrequencies, type SpectrumScenario } from './scenarios.js';

const fitScenario = (s: SpectrumScenario, options = {}) => fitCircuit(s.circuit, s.spectrum, { weighting: 'modulus', ...options });
const within = (q: DerivedQuantity | null | undefined, truth: number, label: string) => {
  expect(q, label).toBeTruthy();
  expect(q!.ci95, `${label} interval`).not.toBeNull();
  const [lo, hi] = q!.ci95!;
  expect(lo <= truth && truth <= hi, `${label}: ${truth} in [${lo}, ${hi}]`).toBe(true);
};
/** |value − truth| ≤ 3·stderr (fails with probability 0.3 % per check for a correct stderr). */
const near = (q: DerivedQuantity | null | undefined, truth: number, label: string) => {
  expect(q, label).toBeTruthy();
  expect(q!.stderr, `${label} stderr`).not.toBeNull();
  const z = (q!.value - truth) / q!.stderr!;
  expect(Math.abs(z), `${label}: ${q!.value} vs ${truth}, z = ${z.toFixed(2)}`).toBeLessThan(3);
};
const iface = (p: SolidStateProperties) => {
  expect(p.interfaces).toHaveLength(1);
  return p.interfaces[0];
};

describe('must-hold 1: Li|Al-LLZO|Li before/after an Al2O3 interlayer', () => {
  const pristine = llzoInterlayer('pristine', 1);
  const fitP = fitScenario(pristine);
  const propsP = deriveProperties(fitP, pristine.cell);

  it('pristine: ASR per interface 1710 Ω·cm² inside its interval, σ_total 0.4 mS/cm, division by 2 stated', () => {
    const i = iface(propsP);
    expect(i.resolved).toBe(true);
    expect(i.interfaces).toBe(2);
    within(i.asr, 1710, 'ASR');
    expectClose(i.asrCell.value, 2 * i.asr.value, 1e-12);
    within(propsP.conductivity.total, 4e-4, 'σ_total');
    expect(propsP.notes.join(' ')).toMatch(/ASR per interface = R·A\/2/);
  });

  it('coated, free fit: the 80 kHz interface arc is either separated (truth in interval) or flagged as unresolved', () => {
    for (const seed of [101, 102, 103]) {
      const coated = llzoInterlayer('coated', seed);
      const p = deriveProperties(fitScenario(coated), coated.cell);
      const i = iface(p);
      expect(i.frequency!).toBeGreaterThan(2e4);
      if (i.resolved) within(i.asr, 1, `seed ${seed} ASR`);
      else {
        expect(i.reason.length).toBeGreaterThan(0);
        expect(p.warnings.some((w) => w.includes('not resolved'))).toBe(true);
      }
    }
  });

  it('coated, interface capacitance carried over from the pristine fit: separated, 1 Ω·cm² and the fold change 1710 inside their intervals', () => {
    for (const seed of [101, 102, 103]) {
      const coated = llzoInterlayer('coated', seed);
      const fit = fitScenario(coated, { fixed: { CPE_int_0: fitP.values.CPE_int_0, CPE_int_1: fitP.values.CPE_int_1 } });
      const p = deriveProperties(fit, coated.cell);
      const i = iface(p);
      expect(i.resolved, i.reason).toBe(true);
      within(i.asr, 1, `seed ${seed} ASR`);
      expect(i.frequency!).toBeGreaterThan(5e4);
      expect(i.frequency!).toBeLessThan(1.2e5);
      within(foldChange(iface(propsP).asr, i.asr), 1710, `seed ${seed} fold change`);
      // GB arc still labelled by its capacitance.
      expect(p.arcs[1].process).toBe('grain-boundary');
    }
  });
});

describe('must-hold 2: Li|LLZTO|Li with an ITO layer, 1192 → 32 Ω·cm²', () => {
  it('both ASR and the fold change 37.25 inside their intervals', () => {
    const a = llztoIto('pristine', 3);
    const b = llztoIto('coated', 3);
    const pa = deriveProperties(fitScenario(a), a.cell);
    const pb = deriveProperties(fitScenario(b), b.cell);
    expect(iface(pa).resolved && iface(pb).resolved).toBe(true);
    near(iface(pa).asr, 1192, 'pristine ASR');
    near(iface(pb).asr, 32, 'ITO ASR');
    near(foldChange(iface(pa).asr, iface(pb).asr), 1192 / 32, 'fold change');
  });
});

describe('must-hold 3: LLTO with blocking electrodes', () => {
  // Any seed works at the nominal 95 % rate (60-seed check: 95 % coverage, z-scores mean −0.03, sd 1.04).
  const s = lltoBlocking(3);
  const fit = fitScenario(s);
  const p = deriveProperties(fit, s.cell);
  it('labels come from capacitance/position: R0 bulk intercept, R1∥CPE1 grain boundary, CPE2 electrode', () => {
    expect(p.arcs.map((a) => [a.elements.join(','), a.role, a.source])).toEqual([
      ['R0', 'bulk', 'position'],
      ['R1,CPE1', 'grain-boundary', 'capacitance'],
      ['CPE2', 'electrode', 'position'],
    ]);
    expect(p.arcs[1].reasoning).toMatch(/Irvine/);
    expect(p.arcs[1].normalizedCapacitance!).toBeGreaterThan(1e-11);
    expect(p.arcs[1].normalizedCapacitance!).toBeLessThan(1e-8);
  });
  it('σ_bulk ≈ 1e-3 S/cm and σ_gb = 5e-6 S/cm (< 1e-5) inside their intervals', () => {
    near(p.conductivity.bulk, 1e-3, 'σ_b');
    near(p.conductivity.grainBoundary, 5e-6, 'σ_gb');
    expect(p.conductivity.grainBoundary!.ci95![1]).toBeLessThan(1e-5);
    expect(p.interfaces).toHaveLength(0);
  });
  it('resistance budget: GB dominates, shares sum to 100 %', () => {
    const rows = p.budget.rows;
    expectClose(rows.reduce((s2, r) => s2 + r.percent, 0), 100, 1e-12);
    expect(rows.find((r) => r.role === 'grain-boundary')!.percent).toBeGreaterThan(99);
    expectClose(p.budget.totalAreaSpecific, p.budget.total * 1, 1e-12);
  });
});

describe('bulk arc resolved: permittivity and brick-layer GB conductivity', () => {
  it('ε_r = 60 and σ_gb,sp = (L/A)(1/R_gb)(C_b/C_gb) inside their intervals', () => {
    const s = bulkArcCell(4);
    const p = deriveProperties(fitScenario(s), s.cell);
    near(p.permittivity, 60, 'ε_r');
    near(p.conductivity.grainBoundarySpecific, s.expected.sigmaGbSpecific, 'σ_gb,sp');
    near(p.conductivity.bulk, s.expected.sigmaBulk, 'σ_b');
  });
  it('bulkCapacitance option supplies C_b when the bulk arc is out of range', () => {
    const s = lltoBlocking(3);
    const p = deriveProperties(fitScenario(s), s.cell, { bulkCapacitance: 1e-10 });
    // ε_r = C_b·L/(ε0·A) = 1e-10·10 m⁻¹ / 8.8541878128e-12
    expectClose(p.permittivity!.value, (1e-10 * 10) / 8.8541878128e-12, 1e-12);
    expect(p.conductivity.grainBoundarySpecific).not.toBeNull();
  });
  it('delta-method standard errors match Monte Carlo refits within 10 %', () => {
    const base = bulkArcCell(1000);
    const qs = { eps: [] as number[], sp: [] as number[], sb: [] as number[] };
    const se = { eps: 0, sp: 0, sb: 0 };
    const reps = 300;
    for (let r = 0; r < reps; r++) {
      const s = bulkArcCell(2000 + r);
      const fit = fitCircuit(s.circuit, s.spectrum, { weighting: 'modulus', initial: base.truth });
      const p = deriveProperties(fit, s.cell);
      qs.eps.push(p.permittivity!.value);
      qs.sp.push(p.conductivity.grainBoundarySpecific!.value);
      qs.sb.push(p.conductivity.bulk!.value);
      se.eps += p.permittivity!.stderr! / reps;
      se.sp += p.conductivity.grainBoundarySpecific!.stderr! / reps;
      se.sb += p.conductivity.bulk!.stderr! / reps;
    }
    const sd = (x: number[]) => {
      const m = x.reduce((a, b) => a + b, 0) / x.length;
      return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
    };
    expectClose(sd(qs.eps), se.eps, 0.1, 0, 'ε_r');
    expectClose(sd(qs.sp), se.sp, 0.1, 0, 'σ_gb,sp');
    expectClose(sd(qs.sb), se.sb, 0.1, 0, 'σ_b');
  });
});

describe('assignArcs', () => {
  const s = lltoBlocking(3);
  const fit = fitScenario(s);
  it('explicit roles override the capacitance and a contradiction is reported', () => {
    const arcs = assignArcs(fit, s.cell, { roles: { R1: 'bulk' } });
    expect(arcs[1].role).toBe('bulk');
    expect(arcs[1].source).toBe('explicit');
    expect(arcs[1].conflict).toBe(true);
    expect(arcs[1].reasoning).toMatch(/CONFLICT.*grain-boundary/);
    const p = deriveProperties(fit, s.cell, { roles: { R1: 'bulk' } });
    expect(p.warnings.some((w) => w.includes('CONFLICT'))).toBe(true);
  });
  it('a consistent explicit role is accepted without conflict', () => {
    const arcs = assignArcs(fit, s.cell, { roles: { CPE1: 'grain-boundary' } });
    expect(arcs[1]).toMatchObject({ role: 'grain-boundary', source: 'explicit', conflict: false });
  });
  it('unknown element in roles throws UNKNOWN_PARAMETER', () => {
    expect(() => assignArcs(fit, s.cell, { roles: { R9: 'bulk' } })).toThrow(expect.objectContaining({ code: 'UNKNOWN_PARAMETER' }));
  });
  it.each([
    [2e-12, 'bulk'],
    [1e-10, 'grain-boundary'],
    [3e-8, 'interphase'],
    [1e-6, 'charge-transfer'],
    [1e-4, 'charge-transfer'],
  ] as const)('ideal R∥C with C·L/A = %d F/cm in a Li cell is labelled %s', (cn, role) => {
    const cell = { ...s.cell, electrode: 'non-blocking' as const };
    const c = cn / cell.cellConstant;
    const fake = fitCircuit('R0-p(R1,C1)', { frequency: new Float64Array([1]), re: new Float64Array([1]), im: new Float64Array([0]) }, { fixed: { R0: 1, R1: 100, C1: c } });
    expect(assignArcs(fake, cell)[1].role).toBe(role);
  });
});

describe('deriveProperties on other cells and elements', () => {
  it('half cell (asymmetric): ASR = R·A without division, Warburg Z0 in the budget', () => {
    const cell = createCell({ area: '0.5 cm^2', thickness: '0.6 mm', electrode: 'non-blocking', symmetric: false });
    const t = circuitTemplate('half-cell', { cell });
    const truth = { R_b: 30, R_gb: 20, CPE_gb_0: 2e-9, CPE_gb_1: 0.9, R_int: 120, CPE_int_0: 1e-6, CPE_int_1: 0.9, Wo_d_0: 200, Wo_d_1: 50 };
    const spectrum = simulateImpedance(t.circuit, truth, logFrequencies(7e6, 1e-3, 6), { noise: { type: 'proportional', sigma: 0.002 }, random: createRandom(9) });
    const p = deriveProperties(fitCircuit(t.circuit, spectrum, { weighting: 'modulus', initial: truth }), cell);
    const i = iface(p);
    expect(i.interfaces).toBe(1);
    near(i.asr, 120 * 0.5, 'ASR');
    expect(p.notes.join(' ')).toMatch(/asymmetric cell: ASR = R·A/);
    const w = p.budget.rows.find((r) => r.key === 'Wo_d_0')!;
    expect(w.role).toBe('diffusion');
    expectClose(p.budget.total, p.budget.rows.reduce((a, r) => a + r.resistance, 0), 1e-12);
  });
  it.each([
    ['R0-Zarc1', { R0: 10, Zarc1_0: 100, Zarc1_1: 1e-7, Zarc1_2: 0.8 }],
    ['R0-K1', { R0: 10, K1_0: 100, K1_1: 1e-7 }],
  ] as const)('%s: C = τ/R = 1 nF → grain boundary, f0 = 1/(2πτ)', (circuit, values) => {
    const cell = createCell({ area: 1e-4, thickness: 1e-3, electrode: 'blocking' });
    const spectrum = simulateImpedance(circuit, values, logFrequencies(1e7, 1, 4));
    const fit = fitCircuit(circuit, spectrum, { initial: values });
    const arcs = assignArcs(fit, cell);
    expectClose(arcs[1].capacitance!, 1e-9, 1e-4);
    expectClose(arcs[1].frequency!, 1 / (2 * Math.PI * 1e-7), 1e-4);
    expect(arcs[1].role).toBe('grain-boundary');
  });
});

describe('circuitTemplate', () => {
  it.each([
    ['blocking', ['R_b', 'R_gb', 'CPE_gb', 'CPE_el']],
    ['symmetric', ['R_b', 'R_gb', 'CPE_gb', 'R_int', 'CPE_int']],
    ['half-cell', ['R_b', 'R_gb', 'CPE_gb', 'R_int', 'CPE_int', 'Wo_d']],
  ] as const)('%s template parses and carries its roles into the compiled model', (kind, elements) => {
    const t = circuitTemplate(kind);
    const model = compileCircuit(t.circuit);
    const roles = Object.fromEntries(model.parameters.map((p) => [p.element, p.role]));
    expect(Object.keys(roles)).toEqual(elements);
    for (const e of elements) expect(roles[e]).toBe(t.roles[e]);
    const alpha = model.parameters.find((p) => p.key === 'CPE_gb_1')!;
    expect(alpha.bounds).toEqual([0.5, 1]);
  });
  it('blocking template with the cell fits the LLTO spectrum and recovers σ_b and σ_gb', () => {
    const s = lltoBlocking(5);
    const t = circuitTemplate('blocking', { cell: s.cell });
    const p = deriveProperties(fitCircuit(t.circuit, s.spectrum, { weighting: 'modulus', initial: t.initial }), s.cell);
    near(p.conductivity.bulk, 1e-3, 'σ_b');
    near(p.conductivity.grainBoundary, 5e-6, 'σ_gb');
  });
  it('rejects an unknown kind', () => {
    expect(() => circuitTemplate('coin' as never)).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });
});
