// A registry for parser tests: the built-in elements plus stand-ins for the
// symbols of the full catalog that may not exist yet (W, Wo, Ws, La, K, Zarc,
// G, Gs, HN). Stand-ins only matter to the parser (symbol, CDC letter,
// parameter names); their kernels are never evaluated.
import { builtinElements } from '../../src/circuit/elements/builtin.js';
import { createRegistry } from '../../src/circuit/registry.js';
import type { ElementDefinition, ElementRegistry, ParameterSpec } from '../../src/circuit/types.js';

const spec = (name: string, bounds: readonly [number, number] = [0, Infinity]): ParameterSpec => ({
  name,
  unit: '1',
  default: 1,
  bounds,
  scale: 'linear',
  description: name,
});

const stub = (symbol: string, cdc: string | undefined, params: string[]): ElementDefinition => ({
  symbol,
  ...(cdc ? { cdc } : {}),
  name: `stand-in ${symbol}`,
  parameters: params.map((p) => spec(p)),
  equation: params[0],
  reference: 'test stand-in',
  kernel(p, o, g, re, im) {
    for (let i = 0; i < g.n; i++) {
      re[i] = p[o];
      im[i] = 0;
    }
  },
  gradient(p, o, g, re, im, dRe, dIm, col) {
    for (let i = 0; i < g.n; i++) {
      re[i] = p[o];
      im[i] = 0;
      dRe[col * g.n + i] = 1;
      dIm[col * g.n + i] = 0;
    }
  },
});

const wanted: ElementDefinition[] = [
  stub('W', 'W', ['Aw']),
  stub('Wo', 'O', ['Z0', 'tau']),
  stub('Ws', 'T', ['Z0', 'tau']),
  stub('La', undefined, ['L', 'alpha']),
  stub('K', undefined, ['R', 'tau']),
  stub('Zarc', undefined, ['R', 'tau', 'n']),
  stub('G', 'G', ['R', 'tau']),
  stub('Gs', undefined, ['R', 'tau', 'phi']),
  stub('HN', undefined, ['R', 'tau', 'alpha', 'beta']),
];

/** Built-ins plus stand-ins for every symbol of `wanted` that is still missing. */
export function testRegistry(): ElementRegistry {
  const have = new Set(builtinElements.map((e) => e.symbol));
  const letters = new Set(builtinElements.map((e) => e.cdc).filter((c) => c !== undefined));
  const extra = wanted
    .filter((d) => !have.has(d.symbol))
    .map((d) => (d.cdc && letters.has(d.cdc) ? { ...d, cdc: undefined } : d));
  return createRegistry([...builtinElements, ...extra]);
}

/** The registry used by the parser tests. */
export const TEST_ELEMENTS: ElementRegistry = testRegistry();
