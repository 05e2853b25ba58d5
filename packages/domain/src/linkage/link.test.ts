import { describe, expect, it } from 'vitest';
import { C_BIRTH, C_FIRST, C_IDENTIFIERS, levelOf, packPattern } from './comparisons';
import { NameDictionary } from './dictionary';
import { evaluateLinks } from './evaluate';
import {
  corroborated,
  linkByIdentifiersOnly,
  linkRecords,
  METHOD_DECISION,
  METHOD_IDENTIFIER,
  STATUS_LINKED,
  STATUS_NONE,
  STATUS_REVIEW,
} from './link';
import { SampleRng } from './random';
import { LinkageRecordsBuilder, type LinkageInput, type LinkageRecords } from './records';
import { transliterate } from '../translit';

const SURNAMES = [
  'Коваленко',
  'Бондаренко',
  'Ткаченко',
  'Кравченко',
  'Шевченко',
  'Бойко',
  'Мельник',
  'Шевчук',
  'Коваль',
  'Поліщук',
  'Олійник',
  'Лисенко',
  'Марченко',
  'Руденко',
  'Савченко',
  'Петренко',
  'Клименко',
  'Павленко',
  'Кузьменко',
  'Гнатюк',
  'Мороз',
  'Левченко',
  'Романюк',
  'Гуменюк',
  'Савчук',
  'Панченко',
  'Мазур',
  'Дячук',
  'Кушнір',
  'Приходько',
];
const MALE = ['Олександр', 'Максим', 'Артем', 'Дмитро', 'Іван', 'Андрій', 'Назар', 'Матвій', 'Богдан', 'Тимофій'];
const FEMALE = ['Софія', 'Анна', 'Марія', 'Вікторія', 'Дарина', 'Юлія', 'Олена', 'Ірина', 'Поліна', 'Катерина'];
const FATHERS = ['Олександрович', 'Іванович', 'Петрович', 'Андрійович', 'Васильович', 'Миколайович', 'Сергійович'];

interface Person {
  truth: number;
  input: LinkageInput;
}

function typo(rng: SampleRng, s: string): string {
  const chars = [...s];
  const i = 1 + rng.below(chars.length - 1);
  if (rng.below(2) === 0) chars.splice(i, 1);
  else [chars[i - 1], chars[i]] = [chars[i]!, chars[i - 1]!];
  return chars.join('');
}

/** A blind index stand-in: 16 hex digits that look random (as HMAC output does). */
function hexOf(n: number, salt: number): string {
  let a = Math.imul(n ^ salt, 0x9e3779b1) >>> 0;
  let b = Math.imul(a ^ (a >>> 15) ^ n, 0x85ebca6b) >>> 0;
  a = Math.imul(b ^ (b >>> 13), 0xc2b2ae35) >>> 0;
  b = (b ^ a ^ (a >>> 16)) >>> 0;
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** A population with unique birth certificates and a noisy copy of part of it. */
function population(n: number, seed: number): Person[] {
  const rng = new SampleRng(seed);
  const people: Person[] = [];
  for (let t = 1; t <= n; t++) {
    const male = rng.below(2) === 0;
    const day = rng.below(365 * 11);
    const date = new Date(Date.UTC(2008, 8, 1) + day * 86_400_000).toISOString().slice(0, 10);
    let last = SURNAMES[rng.below(SURNAMES.length)]!;
    if (!male && last.endsWith('ий')) last = last.slice(0, -2) + 'а';
    const father = FATHERS[rng.below(FATHERS.length)]!;
    people.push({
      truth: t,
      input: {
        lastName: last,
        firstName: (male ? MALE : FEMALE)[rng.below(10)]!,
        middleName: male ? father : father.replace(/ович$/, 'івна'),
        birthDate: date,
        sex: male ? 'male' : 'female',
        hromada: rng.below(40),
        birthCertificate: hexOf(t, seed),
        unzr: rng.below(4) === 0 ? hexOf(t, seed + 1000) : null,
      },
    });
  }
  return people;
}

/** The registry's copy: typos, swapped dates, lost identifiers, a changed surname, at known rates. */
function noisy(people: Person[], seed: number): Person[] {
  const rng = new SampleRng(seed);
  return people.map((p) => {
    const r = { ...p.input };
    const x = rng.below(1000);
    if (x < 30) r.lastName = typo(rng, r.lastName!);
    else if (x < 50) r.firstName = typo(rng, r.firstName!);
    else if (x < 70) {
      const [y, m, d] = r.birthDate!.split('-');
      if (Number(d) <= 12) r.birthDate = `${y}-${d}-${m}`;
    } else if (x < 80) r.lastName = SURNAMES[rng.below(SURNAMES.length)]!;
    if (rng.below(10) === 0) r.birthCertificate = null;
    if (rng.below(20) === 0) r.middleName = null;
    return { truth: p.truth, input: r };
  });
}

function build(d: NameDictionary, people: Person[]): { records: LinkageRecords; truth: Int32Array } {
  const b = new LinkageRecordsBuilder(d);
  for (const p of people) b.add(p.input);
  return { records: b.build(), truth: Int32Array.from(people.map((p) => p.truth)) };
}

describe('linkRecords', () => {
  const people = population(4000, 11);
  // The extract has everyone plus 400 children the registry does not know; the registry has 90 % of them, noisy,
  // and 40 children twice.
  const extra = population(4400, 99)
    .slice(4000)
    .map((p) => ({ ...p, input: { ...p.input, birthCertificate: hexOf(p.truth, 7777) } }));
  const left = [...people, ...extra];
  const kept = noisy(
    people.filter((p) => p.truth % 10 !== 0),
    5,
  );
  const right = [
    ...kept,
    ...noisy(
      people.filter((p) => p.truth % 97 === 1),
      6,
    ),
  ];

  const d = new NameDictionary();
  const L = build(d, left);
  const R = build(d, right);
  const result = linkRecords(L.records, R.records, { seed: 3, emSample: 5000, randomPairs: 200_000 });
  const quality = evaluateLinks(result.best, (r) => result.status[r] === STATUS_LINKED, L.truth, R.truth);

  it('links the registry with the extract at precision and recall of at least 0.99', () => {
    expect(quality.truePairs).toBe(right.length);
    expect(quality.precision).toBeGreaterThanOrEqual(0.99);
    expect(quality.recall).toBeGreaterThanOrEqual(0.99);
    expect(result.stats.linkedByIdentifier).toBeGreaterThan(0);
    expect(result.stats.linkedProbabilistic).toBeGreaterThan(0);
  });

  it('beats the exact-identifier baseline on recall', () => {
    const baseline = linkByIdentifiersOnly(L.records, R.records);
    const b = evaluateLinks(baseline, () => true, L.truth, R.truth);
    expect(b.precision).toBe(1);
    expect(b.recall).toBeLessThan(0.95);
    expect(quality.recall).toBeGreaterThan(b.recall);
  });

  it('estimates a model in which agreement weighs for and disagreement against', () => {
    const { m, u, lambda } = result.parameters;
    expect(lambda).toBeGreaterThan(0);
    expect(lambda).toBeLessThan(1e-3);
    for (const k of [0, 1, 3]) {
      expect(m[k]![0]! / u[k]![0]!, `exact agreement of ${k}`).toBeGreaterThan(5);
      const other = m[k]!.length - 1;
      expect(m[k]![other]! / u[k]![other]!, `disagreement of ${k}`).toBeLessThan(0.5);
    }
    expect(result.stats.sessions.length).toBeGreaterThanOrEqual(3);
  });

  it('is deterministic for the same seed', () => {
    const again = linkRecords(L.records, R.records, { seed: 3, emSample: 5000, randomPairs: 200_000 });
    expect([...again.best]).toEqual([...result.best]);
    expect([...again.status]).toEqual([...result.status]);
  });

  it('applies decisions: "not the same child" unlinks, "the same child" links', () => {
    const r0 = [...result.status].findIndex((s) => s === STATUS_LINKED);
    const l0 = result.best[r0]!;
    const stranger = left.length - 1;
    const r1 = 1;
    const decided = linkRecords(L.records, R.records, {
      seed: 3,
      parameters: result.parameters,
      decisions: [
        { left: l0, right: r0, match: false },
        { left: stranger, right: r1, match: true },
      ],
    });
    expect(decided.best[r0] === l0 && decided.status[r0] === STATUS_LINKED).toBe(false);
    expect(decided.best[r1]).toBe(stranger);
    expect(decided.method[r1]).toBe(METHOD_DECISION);
    expect(decided.status[r1]).toBe(STATUS_LINKED);
  });

  it('rejects thresholds out of order', () => {
    expect(() => linkRecords(L.records, R.records, { upper: 0.5, lower: 0.6 })).toThrow(RangeError);
    expect(() => linkRecords(L.records, R.records, { upper: 1 })).toThrow(RangeError);
  });
});

describe('identifier corroboration', () => {
  it('needs the birth date and the first name beside a shared identifier', () => {
    const g = new Array(9).fill(-1);
    g[C_IDENTIFIERS[0]] = 0;
    g[C_BIRTH] = 1;
    g[C_FIRST] = 0;
    expect(corroborated(packPattern(g))).toBe(true);
    g[C_BIRTH] = 4; // a sibling's certificate typed into the wrong record
    expect(corroborated(packPattern(g))).toBe(false);
    g[C_BIRTH] = 0;
    g[C_FIRST] = 4;
    expect(corroborated(packPattern(g))).toBe(false);
    g[C_FIRST] = 0;
    g[C_IDENTIFIERS[0]] = 1;
    expect(corroborated(packPattern(g))).toBe(false);
    expect(levelOf(packPattern(g), C_FIRST)).toBe(0);
  });

  it('does not link a shared certificate on a different child', () => {
    const d = new NameDictionary();
    const left = new LinkageRecordsBuilder(d);
    const right = new LinkageRecordsBuilder(d);
    const people = population(600, 21);
    for (const p of people) left.add(p.input);
    for (const p of people.slice(1)) right.add(p.input);
    // The first child's certificate typed into another child's registry record.
    right.add({
      ...people[1]!.input,
      firstName: 'Зеновій',
      birthDate: '2001-02-03',
      birthCertificate: people[0]!.input.birthCertificate!,
    });
    const res = linkRecords(left.build(), right.build(), { seed: 1, emSample: 600, randomPairs: 50_000 });
    const last = people.length - 1;
    expect(res.best[last] === 0 && res.method[last] === METHOD_IDENTIFIER && res.status[last] === STATUS_LINKED).toBe(
      false,
    );
  });
});

describe('cross-script linkage (border crossings)', () => {
  it('links Latin-script records without patronymics to Cyrillic ones', () => {
    const people = population(1500, 31);
    const d = new NameDictionary();
    const left = new LinkageRecordsBuilder(d);
    const right = new LinkageRecordsBuilder(d);
    for (const p of people) {
      left.add({
        ...p.input,
        lastName: transliterate(p.input.lastName!).toUpperCase(),
        firstName: transliterate(p.input.firstName!).toUpperCase(),
        middleName: null,
        birthCertificate: null,
        hromada: null,
      });
    }
    for (const p of people) right.add(p.input);
    const L = left.build();
    const R = right.build();
    const res = linkRecords(L, R, { seed: 2, emSample: 1500, randomPairs: 100_000 });
    const truth = Int32Array.from(people.map((p) => p.truth));
    const q = evaluateLinks(res.best, (r) => res.status[r] === STATUS_LINKED, truth, truth);
    expect(q.precision).toBeGreaterThanOrEqual(0.99);
    // The few children who share surname, first name and birth date with another go to review, not to a wrong link.
    expect(q.recall).toBeGreaterThanOrEqual(0.97);
    const undecided = [...res.status].filter((s) => s === STATUS_REVIEW || s === STATUS_NONE).length;
    expect(undecided).toBe(people.length - q.links);
  });
});

describe('ambiguity', () => {
  it('sends a registry record with two equally convincing extract records to review', () => {
    const d = new NameDictionary();
    const left = new LinkageRecordsBuilder(d);
    const right = new LinkageRecordsBuilder(d);
    const people = population(500, 41);
    for (const p of people) left.add({ ...p.input, birthCertificate: null });
    left.add({ ...people[0]!.input, birthCertificate: null }); // the extract lists the child twice
    for (const p of people) right.add({ ...p.input, birthCertificate: null });
    const res = linkRecords(left.build(), right.build(), { seed: 1, emSample: 500, randomPairs: 50_000 });
    expect(res.status[0]).toBe(STATUS_REVIEW);
    expect(res.stats.ambiguous).toBeGreaterThanOrEqual(1);
  });
});
