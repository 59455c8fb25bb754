import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandPaths, writeTextFile } from 'eiskit/node';

const root = mkdtempSync(join(tmpdir(), 'eiskit-glob-'));
for (const f of ['a1.DTA', 'a2.DTA', 'b1.mpt', '.hidden.DTA', 'sub/c1.DTA', 'sub/deep/d1.DTA', 'sub/deep/e.txt']) {
  mkdirSync(join(root, f, '..'), { recursive: true });
  writeFileSync(join(root, f), 'x');
}
afterAll(() => rmSync(root, { recursive: true, force: true }));
const rel = (files: string[]) => files.map((f) => f.slice(root.length + 1));

describe('expandPaths', () => {
  it.each([
    ['*.DTA', ['a1.DTA', 'a2.DTA']],
    ['a?.DTA', ['a1.DTA', 'a2.DTA']],
    ['[ab]1.*', ['a1.DTA', 'b1.mpt']],
    ['[!a]1.*', ['b1.mpt']],
    ['**/*.DTA', ['a1.DTA', 'a2.DTA', 'sub/c1.DTA', 'sub/deep/d1.DTA']],
    ['sub/**/*.txt', ['sub/deep/e.txt']],
    ['.*.DTA', ['.hidden.DTA']],
  ])('expandPaths(["%s"]) matches %j', (pattern, expected) => {
    const { files, unmatched } = expandPaths([join(root, pattern)]);
    expect(rel(files).sort()).toEqual([...expected].sort());
    expect(unmatched).toEqual([]);
  });

  it('keeps plain paths (even missing ones), removes duplicates, reports unmatched globs', () => {
    const plain = join(root, 'missing.DTA');
    const { files, unmatched } = expandPaths([plain, join(root, 'a*.DTA'), join(root, 'a1.DTA'), join(root, 'zz*.DTA')]);
    expect(files).toEqual([plain, join(root, 'a1.DTA'), join(root, 'a2.DTA')]);
    expect(unmatched).toEqual([join(root, 'zz*.DTA')]);
  });

  it('writeTextFile creates parent directories', () => {
    writeTextFile(join(root, 'new/dir/out.svg'), '<svg/>');
    expect(expandPaths([join(root, 'new/**/*.svg')]).files).toEqual([join(root, 'new/dir/out.svg')]);
  });
});
