/**
 * Column-header recognition for text tables: synonyms in English and common
 * vendor spellings, sign prefixes (`-Z''`), and units (Hz/kHz/MHz, Ω/mΩ/kΩ/MΩ,
 * degrees/radians) converted with mathjs units.
 *
 * @module
 */
import { unit } from 'mathjs';

/** Physical meaning of a recognised column. */
export type ColumnRole = 'frequency' | 're' | 'im' | 'magnitude' | 'phase' | 'time';

/** One recognised column header. */
export interface ColumnInfo {
  /** What the column holds. */
  role: ColumnRole;
  /** −1 when the header says the column holds the negated quantity (`-Z''`, `-Im(Z)`, `-phase`), else 1. */
  sign: 1 | -1;
  /** Factor to Hz, Ω, or radians (for phase). */
  scale: number;
  /** Unit text as written (empty when none). */
  unit: string;
}

const ROLE_BY_BASE: Record<string, ColumnRole> = {};
function syn(role: ColumnRole, names: string[]): void {
  for (const n of names) ROLE_BY_BASE[n] = role;
}
syn('frequency', ['f', 'freq', 'frequency', 'frequencies', 'fhz', 'frequenz', 'fréquence', 'frecuencia']);
syn('re', ["z'", "z'(a)", 'zre', 'zreal', 're(z)', 'rez', 'real', 're', 'realz', 'zr', 'z_re', 'z_real', 'zrealpart', 'realpart', 'realimpedance', 'impedancereal', 'rez', "z'real", 'zreel', 'zreal(ohm)', 'z1']);
syn('im', ["z''", 'z"', "z''(b)", 'zim', 'zimag', 'zimg', 'zimaginary', 'im(z)', 'imz', 'imag', 'im', 'imagz', 'zi', 'z_im', 'z_imag', 'imaginary', 'imaginarypart', 'imagimpedance', 'impedanceimaginary', 'imagpart', 'z2']);
syn('magnitude', ['|z|', 'z', 'zmod', 'mod(z)', 'modz', 'modulus', 'magnitude', 'mag', 'abs(z)', 'absz', 'impedance', 'zabs', 'zmag', '|impedance|']);
syn('time', ['time', 't', 'elapsedtime', 'timestamp', 'elapsed', 'time(sec)']);
syn('phase', ['phase', 'phase(z)', 'phi', 'zphz', 'phz', 'zphase', 'theta', 'arg(z)', 'argz', 'phaseangle', 'angle', 'phasez']);

const scaleCache = new Map<string, number>();

/**
 * Factor from the written unit to the SI unit of the role, via mathjs units.
 * Returns NaN when the unit is not one of the role's units.
 */
function unitScale(role: ColumnRole, written: string): number {
  const key = role + '|' + written;
  const hit = scaleCache.get(key);
  if (hit !== undefined) return hit;
  let s = NaN;
  let u = written.trim();
  if (role === 'time') {
    const l = u.toLowerCase();
    const m: Record<string, string> = { s: 's', sec: 's', secs: 's', second: 's', seconds: 's', ms: 'ms', min: 'min', h: 'h', hr: 'h', hour: 'h', hours: 'h' };
    if (m[l]) s = unit(1, m[l]).toNumber('s');
  } else if (role === 'phase') {
    const l = u.toLowerCase();
    if (l === 'deg' || l === '°' || l === 'degree' || l === 'degrees' || l === 'grad') s = Math.PI / 180;
    else if (l === 'rad' || l === 'radian' || l === 'radians') s = 1;
  } else {
    let target = 'Hz';
    if (role !== 'frequency') {
      target = 'ohm';
      const m = /^([a-zA-Zµμ]?)(?:ohms?|Ω|Ω)$/i.exec(u);
      u = m ? (m[1] === 'µ' || m[1] === 'μ' ? 'u' : m[1]) + 'ohm' : '';
    } else {
      const m = /^([a-zA-Z]?)hz$/i.exec(u);
      u = m ? m[1] + 'Hz' : '';
    }
    if (u) {
      try {
        s = unit(1, u).toNumber(target);
      } catch {
        s = NaN;
      }
    }
  }
  scaleCache.set(key, s);
  return s;
}

/**
 * Recognises one column header. Accepts `name`, `name/unit`, `name (unit)`,
 * `name [unit]`, a leading `-` or `−` for negated columns, any case, spaces and
 * underscores. Returns `undefined` for headers that are not frequency, Re Z,
 * Im Z, |Z|, phase or elapsed time (including counter-electrode columns such
 * as `Re(Zce)`).
 *
 * @param header - the header text as written
 * @returns the role, sign, unit factor and unit text, or `undefined`
 * @example
 * ```ts
 * recognizeColumn("-Z'' (kΩ)"); // { role: 'im', sign: -1, scale: 1000, unit: 'kΩ' }
 * recognizeColumn('Phase (deg)'); // { role: 'phase', sign: 1, scale: Math.PI / 180, unit: 'deg' }
 * ```
 */
export function recognizeColumn(header: string): ColumnInfo | undefined {
  let h = header.trim();
  if (h.length > 1 && h.startsWith('"') && h.endsWith('"')) h = h.slice(1, -1).trim();
  let sign: 1 | -1 = 1;
  if (h.startsWith('-') || h.startsWith('−')) {
    sign = -1;
    h = h.slice(1).trim();
  }
  const whole = h.toLowerCase().replace(/[\s_]+/g, '');
  const direct = ROLE_BY_BASE[whole];
  if (direct) return { role: direct, sign, scale: direct === 'phase' ? Math.PI / 180 : 1, unit: '' };
  // Split off a unit: "name (unit)", "name [unit]", "name/unit".
  let base = h;
  let written = '';
  let m = /^(.*?)\s*[([]\s*([^()[\]]*)\s*[)\]]$/.exec(h);
  if (m && m[1] && !ROLE_BY_BASE[h.toLowerCase().replace(/[\s_]+/g, '')]) {
    base = m[1];
    written = m[2];
  } else {
    m = /^(.*)\/\s*([^/]+)$/.exec(h);
    if (m && m[1]) {
      base = m[1];
      written = m[2];
    }
  }
  const key = base.toLowerCase().replace(/[\s_]+/g, '');
  const role = ROLE_BY_BASE[key];
  if (!role) return undefined;
  if (written === '') return { role, sign, scale: role === 'phase' ? Math.PI / 180 : 1, unit: '' };
  const scale = unitScale(role, written);
  if (!(scale > 0)) return undefined;
  return { role, sign, scale, unit: written };
}

/** Column indices and factors chosen from a header line (see {@link planColumns}). */
export interface ColumnPlan {
  /** Index of the frequency column. */
  f: number;
  /** Index of Re Z, or of |Z| when `polar`. */
  a: number;
  /** Index of Im Z, or of the phase when `polar`. */
  b: number;
  /** Columns a and b are magnitude and phase. */
  polar: boolean;
  /** Factor to Hz. */
  fScale: number;
  /** Factor (sign included) to Ω. */
  aScale: number;
  /** Factor (sign included) to Ω, or to radians of arg Z when polar. */
  bScale: number;
  /** Header names of the three columns. */
  names: [string, string, string];
  /** Columns whose unit was not written (defaults assumed). */
  defaulted: string[];
  /** Index of an elapsed-time column, when one is recognised. */
  t?: number;
  /** Factor of the time column to seconds. */
  tScale?: number;
}

/**
 * Chooses the frequency and impedance columns from header names: Re/Im when
 * both exist (first match of each), else |Z| and phase. Returns a description
 * of what is missing when no usable set exists.
 *
 * @param names - header names in column order
 * @returns the plan, or a string naming the missing column(s)
 * @example
 * ```ts
 * planColumns(['freq/Hz', 'Re(Z)/Ohm', '-Im(Z)/Ohm']); // { f: 0, a: 1, b: 2, polar: false, bScale: -1, … }
 * ```
 */
export function planColumns(names: readonly string[]): ColumnPlan | string {
  const found: Partial<Record<ColumnRole, { i: number; c: ColumnInfo }>> = {};
  for (let i = 0; i < names.length; i++) {
    const c = recognizeColumn(names[i]);
    if (c && !found[c.role]) found[c.role] = { i, c };
  }
  const f = found.frequency;
  const missing: string[] = [];
  if (!f) missing.push('frequency');
  let a = found.re;
  let b = found.im;
  let polar = false;
  if (!(a && b) && found.magnitude && found.phase) {
    a = found.magnitude;
    b = found.phase;
    polar = true;
  }
  if (!a) missing.push('Re Z (or |Z|)');
  if (!b) missing.push(found.magnitude ? 'phase' : 'Im Z (or phase)');
  if (!f || !a || !b || missing.length) return missing.join(', ');
  const defaulted = [f, a, b].filter((x) => x.c.unit === '').map((x) => names[x.i]);
  const time = found.time;
  return {
    ...(time ? { t: time.i, tScale: time.c.scale } : {}),
    f: f.i,
    a: a.i,
    b: b.i,
    polar,
    fScale: f.c.scale * f.c.sign,
    aScale: a.c.scale * a.c.sign,
    bScale: b.c.scale * b.c.sign,
    names: [names[f.i], names[a.i], names[b.i]],
    defaulted,
  };
}
