import { describe, expect, it } from 'vitest';
import { localRecords, readCentralDirectory, unpackProblem, verifyDeclaredSizes, ZipFormatError } from './zip';
import { makeZip, workbookOf } from './testing';

describe('the ZIP container', () => {
  it('lists the entries of an XLSX from its central directory', async () => {
    const entries = readCentralDirectory(await workbookOf([['Прізвище']]));
    expect(entries.map((e) => e.name)).toEqual(
      expect.arrayContaining(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']),
    );
    expect(entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')).toMatchObject({ method: 8 });
  });

  it('refuses what is not a ZIP or is damaged', () => {
    expect(() => readCentralDirectory(Buffer.from('not a zip at all'))).toThrow(ZipFormatError);
    const zip = makeZip([{ name: 'a.txt', data: Buffer.from('abc') }]);
    expect(() => readCentralDirectory(zip.subarray(0, zip.length - 30))).toThrow(ZipFormatError);
  });

  it('finds bombs by declared total and by ratio', () => {
    const entry = (uncompressedSize: number, compressedSize: number) => ({
      name: 'x',
      method: 8,
      flags: 0,
      compressedSize,
      uncompressedSize,
      localHeaderOffset: 0,
    });
    expect(unpackProblem([entry(60e6, 6e6), entry(50e6, 5e6)])).toBe('total');
    expect(unpackProblem([entry(20e6, 10e3)])).toBe('ratio');
    expect(unpackProblem([entry(500e3, 10)])).toBeNull();
    expect(unpackProblem([entry(30e6, 2e6)])).toBeNull();
  });

  it('inflates every entry to check that it is no larger than declared', async () => {
    const honest = makeZip([
      { name: 'a.xml', data: Buffer.alloc(100_000, 0x20), deflate: true },
      { name: 'b.txt', data: Buffer.from('b') },
    ]);
    await expect(verifyDeclaredSizes(honest, readCentralDirectory(honest))).resolves.toBeUndefined();
    const liar = makeZip([{ name: 'a.xml', data: Buffer.alloc(100_000, 0x20), deflate: true, declaredSize: 1000 }]);
    await expect(verifyDeclaredSizes(liar, readCentralDirectory(liar))).rejects.toThrow(/past its declared size/);
    const stored = makeZip([{ name: 'a.txt', data: Buffer.from('abcdef'), declaredSize: 3 }]);
    await expect(verifyDeclaredSizes(stored, readCentralDirectory(stored))).rejects.toThrow(ZipFormatError);
  });

  it('hands out local records in the asked order, leaving out the rest', () => {
    const zip = makeZip([
      { name: 'a', data: Buffer.from('1') },
      { name: 'b', data: Buffer.from('22') },
      { name: 'c', data: Buffer.from('333') },
    ]);
    const records = localRecords(zip, readCentralDirectory(zip), ['c', 'a', 'missing']);
    expect([...records.keys()]).toEqual(['c', 'a']);
    expect(records.get('c')!.readUInt32LE(0)).toBe(0x04034b50);
    expect(records.get('c')!.subarray(-3).toString()).toBe('333');
  });
});
