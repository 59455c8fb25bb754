import { describe, expect, it } from 'vitest';
import { fitBatch } from '../../../src/fit/batch/fitBatch.js';
import { nodeWorkerFactory, wrapWebWorker } from '../../../src/fit/batch/spawnWorker.js';
import { fitCircuit } from '../../../src/fit/fitCircuit.js';
import { CIRCUIT, makeSpectra, sameBits } from './makeSpectra.js';

// A DOM-Worker look-alike over a Node worker running the browser entry through a shim.
const shim = new URL('./fixtures/webWorkerShim.ts', import.meta.url);
async function domWorker() {
  const handle = await nodeWorkerFactory(shim)();
  return {
    postMessage: (m: unknown) => handle.post(m as never),
    addEventListener: (type: string, listener: (e: { data?: unknown; message?: string }) => void) => {
      if (type === 'message') handle.onMessage((data) => listener({ data }));
      if (type === 'error') handle.onFailure((e) => listener({ message: e.message }));
    },
    terminate: () => void handle.terminate(),
  };
}

describe('browser entry (webWorker.ts) behind wrapWebWorker', () => {
  it('fitBatch with createWorker → wrapWebWorker(webWorker entry) equals fitCircuit bit for bit', async () => {
    const spectra = makeSpectra(4);
    const batch = await fitBatch(spectra, CIRCUIT, { workers: 2, chunkSize: 1, createWorker: async () => wrapWebWorker(await domWorker()) });
    expect(batch.succeeded).toBe(4);
    batch.items.forEach((item, i) => {
      if (!item.ok) throw item.error;
      expect(sameBits(item.result, fitCircuit(CIRCUIT, spectra[i]))).toBeUndefined();
    });
  });
});
