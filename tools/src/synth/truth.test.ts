import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PupilTruth } from './pupils';
import { openTruthWriter, truthFormatOf, writeTruth } from './truth';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-truth-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function truths(n: number): PupilTruth[] {
  return Array.from({ length: n }, (_, i) => ({
    recordNo: i + 1,
    truthId: i + 1,
    schoolEdrpou: '20000008',
    faults: i % 3 === 0 ? ['name_typo'] : [],
    duplicateGroup: i % 5 === 0 ? i + 1 : null,
  }));
}

describe('truth files', () => {
  it('writes NDJSON, one entry a line', async () => {
    const file = path.join(dir, 'truth.ndjson');
    const data = truths(20_000);
    expect(await writeTruth(file, data)).toBe(20_000);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(20_000);
    expect(lines.map((l) => JSON.parse(l) as PupilTruth)).toEqual(data);
  });

  it('writes a JSON array when the file ends in .json, also when empty', async () => {
    const file = path.join(dir, 'nested', 'truth.json');
    expect(truthFormatOf(file)).toBe('json');
    expect(await writeTruth(file, truths(3))).toBe(3);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(truths(3));
    const empty = path.join(dir, 'empty.json');
    expect(await writeTruth(empty, [])).toBe(0);
    expect(JSON.parse(fs.readFileSync(empty, 'utf8'))).toEqual([]);
  });

  it('writes entry by entry while records are produced', async () => {
    const file = path.join(dir, 'stream.truth');
    const writer = openTruthWriter(file);
    for (const t of truths(5)) await writer.write(t);
    expect(await writer.close()).toBe(5);
    expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(5);
  });
});
