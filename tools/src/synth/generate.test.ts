import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseUkrainianBirthCertificate } from '@aikom/domain/identifiers/birth-certificate';
import { isValidEdrpou } from '@aikom/domain/identifiers/edrpou';
import { completeRnokpp, parseRnokpp } from '@aikom/domain/identifiers/rnokpp';
import { parseUnzr } from '@aikom/domain/identifiers/unzr';
import { ageOn } from '@aikom/domain/school-year';
import {
  parseHostilitiesTsv,
  parseKatottgTsv,
  readDatasetText,
  readManifest,
} from '@aikom/server/reference/reference-data';
import { FEMALE_FIRST_NAMES, feminineSurname, MALE_FIRST_NAMES, SURNAME_GROUPS, SURNAMES } from './names-uk';
import {
  createSyntheticDataset,
  DEFAULT_FAULT_RATES,
  TerritoryIndex,
  type FaultKind,
  type SyntheticDataset,
  type SyntheticPupil,
} from './generate';
import { rnokppCheckDigit } from './pupils';
import { DISPLACEMENT_ORIGIN_KINDS } from './territory-index';

const manifest = readManifest();
const reference = {
  codifier: parseKatottgTsv(readDatasetText(manifest.katottg)),
  hostilities: parseHostilitiesTsv(readDatasetText(manifest.hostilities)),
};
const TODAY = '2025-10-01';
const index = new TerritoryIndex(reference.codifier, reference.hostilities, TODAY);
const codifierByCode = new Map(reference.codifier.map((e) => [e.code, e]));

function digest(data: SyntheticDataset): string {
  const h = createHash('sha256');
  for (const o of data.organisations()) h.update(JSON.stringify(o));
  for (const p of data.pupils()) h.update(JSON.stringify(p));
  return h.digest('hex');
}

const demo = createSyntheticDataset(index, { preset: 'demo', seed: 1 });
const demoPupils = [...demo.pupils()];
const region = createSyntheticDataset(index, { preset: 'region', seed: 2025 });
const regionPupils: SyntheticPupil[] = [...region.pupils()];

const has = (p: SyntheticPupil, f: FaultKind) => p.truth.faults.includes(f);

describe('demo preset', () => {
  it('has about 20 schools and 6 000 pupils in three hromadas of one oblast and one relocated school', () => {
    expect(demo.summary.schools).toBeGreaterThanOrEqual(18);
    expect(demo.summary.schools).toBeLessThanOrEqual(22);
    expect(demo.summary.pupils).toBe(6000);
    expect(demoPupils.length).toBe(demo.summary.records);
    expect(Math.abs(demo.summary.records - 6000)).toBeLessThan(100);
    const home = demo.plan.schools.filter((s) => s.status !== 'relocated');
    expect(new Set(home.map((s) => s.hromadaCode)).size).toBe(3);
    expect(new Set(home.map((s) => s.regionCode))).toEqual(new Set(['UA32000000000030281']));
    const relocated = demo.plan.schools.filter((s) => s.status === 'relocated');
    expect(relocated).toHaveLength(1);
    const r = relocated[0]!;
    expect(index.hromadaByCode.get(r.originalHromadaCode!)!.occupied).toBe(true);
    expect(index.hromadaOfSettlement(r.originalKatottg!)!.code).toBe(r.originalHromadaCode);
    expect(index.hromadaByCode.get(r.hromadaCode)!.occupied).toBe(false);
    expect(home.map((s) => s.hromadaCode)).toContain(r.hromadaCode);
  });

  it('lists the ministry, 27 regional departments, the ОУО and the schools, parents first', () => {
    const orgs = [...demo.organisations()];
    expect(orgs[0]).toMatchObject({ kind: 'ministry', name: 'Міністерство освіти і науки України', parentKey: null });
    const regions = orgs.filter((o) => o.kind === 'region');
    expect(regions).toHaveLength(27);
    expect(regions.map((r) => r.name)).toContain(
      'Департамент освіти і науки Київської обласної державної адміністрації',
    );
    const seen = new Set<string>();
    for (const o of orgs) {
      if (o.parentKey) expect(seen.has(o.parentKey)).toBe(true);
      seen.add(o.key);
    }
    for (const o of orgs.filter((x) => x.kind === 'ouo')) {
      expect(o.name).toMatch(
        /^(Відділ освіти|Управління освіти|Департамент освіти).* (міської|селищної|сільської) ради$/u,
      );
    }
    const schools = orgs.filter((o) => o.kind === 'school');
    expect(schools).toHaveLength(demo.summary.schools);
    for (const s of schools) {
      expect(s.name).toMatch(
        /^(Ліцей|Гімназія|Початкова школа|Навчально-виховний комплекс|Спеціальна школа|Санаторна школа|Приватн|Державний)/u,
      );
      const settlement = codifierByCode.get(s.katottg)!;
      expect(['M', 'X', 'C', 'B']).toContain(settlement.category);
      expect(s.settlementType).toBe(
        s.status === 'relocated' ? s.settlementType : settlement.category === 'C' ? 'rural' : 'urban',
      );
    }
  });
});

describe('determinism', () => {
  it('gives identical output for the same preset and seed, different output for another seed', () => {
    const a = digest(createSyntheticDataset(reference, { preset: 'demo', seed: 1 }));
    const b = digest(createSyntheticDataset(index, { preset: 'demo', seed: 1 }));
    const c = digest(createSyntheticDataset(index, { preset: 'demo', seed: 2 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('repeats the first records of the region preset, and a school on its own equals it within the whole stream', () => {
    const again = createSyntheticDataset(index, { preset: 'region', seed: 2025 });
    const first = [...take(again.pupils(), 3000)];
    expect(first).toEqual(regionPupils.slice(0, 3000));
    const i = 137;
    const alone = [...again.schoolPupils(i)];
    expect(alone).toEqual(regionPupils.filter((p) => p.schoolIndex === i));
  });
});

function* take<T>(it: Iterable<T>, n: number): Generator<T> {
  let k = 0;
  for (const x of it) {
    if (k++ >= n) return;
    yield x;
  }
}

describe('region preset', () => {
  it('has about 500 schools and 150 000 pupils of one oblast', () => {
    expect(Math.abs(region.summary.schools - 500)).toBeLessThan(15);
    expect(region.summary.pupils).toBe(150_000);
    expect(regionPupils.length).toBe(region.summary.records);
    expect(new Set(region.plan.schools.map((s) => s.regionCode)).size).toBe(1);
  });

  it('reports progress against the total known up front', () => {
    const calls: [number, number][] = [];
    let n = 0;
    for (const p of demo.pupils({ onProgress: (done, total) => calls.push([done, total]), progressEvery: 1000 }))
      n += p ? 1 : 0;
    expect(calls.at(-1)).toEqual([n, demo.summary.records]);
    expect(calls.length).toBe(Math.floor(n / 1000) + 1);
  });

  it('gives realistic class sizes: about 25 in towns, 12–15 in villages, never above 30', () => {
    let urban = [0, 0];
    let rural = [0, 0];
    for (const s of region.plan.schools) {
      for (const c of s.classes) {
        expect(c.pupils).toBeLessThanOrEqual(30);
        if (s.ownership !== 'communal' || s.schoolType === 'special' || s.schoolType === 'other') continue;
        if (s.settlementType === 'urban' && codifierByCode.get(s.katottg)!.category === 'M')
          urban = [urban[0]! + 1, urban[1]! + c.pupils];
        if (s.settlementType === 'rural') rural = [rural[0]! + 1, rural[1]! + c.pupils];
      }
    }
    expect(urban[1]! / urban[0]!).toBeGreaterThan(21);
    expect(urban[1]! / urban[0]!).toBeLessThan(28);
    expect(rural[1]! / rural[0]!).toBeGreaterThan(10);
    expect(rural[1]! / rural[0]!).toBeLessThan(17);
  });

  it('uses grade ranges by school type', () => {
    for (const s of region.plan.schools) {
      if (s.schoolType === 'primary') expect([s.gradeMin, s.gradeMax]).toEqual([1, 4]);
      if (s.schoolType === 'gymnasium') expect(s.gradeMax).toBe(9);
      if (s.schoolType === 'lyceum') expect(s.gradeMax).toBe(11);
      for (const c of s.classes) {
        expect(c.grade).toBeGreaterThanOrEqual(s.gradeMin);
        expect(c.grade).toBeLessThanOrEqual(s.gradeMax);
      }
    }
  });
});

describe('pupil records', () => {
  it('give pupils the age of their grade: mostly grade + 5 or grade + 6 on 1 September', () => {
    const offsets = new Map<number, number>();
    let n = 0;
    for (const p of regionPupils) {
      if (has(p, 'birth_date_day_month_swap')) continue;
      const d = ageOn(p.record.birthDate, '2025-09-01') - p.record.enrollment.grade;
      offsets.set(d, (offsets.get(d) ?? 0) + 1);
      n++;
    }
    const share = (d: number) => (offsets.get(d) ?? 0) / n;
    expect(share(5) + share(6)).toBeGreaterThan(0.97);
    expect(share(5)).toBeGreaterThan(0.5);
    expect(share(6)).toBeGreaterThan(0.3);
    expect([...offsets.keys()].every((d) => d >= 4 && d <= 7)).toBe(true);
  });

  it('agree in gender: first name, patronymic and surname of the pupil’s sex', () => {
    const female = new Set(FEMALE_FIRST_NAMES.map(([n]) => n));
    const male = new Set(MALE_FIRST_NAMES.map(([n]) => n));
    const masculineSurnames = new Set(SURNAME_GROUPS.flatMap((g) => SURNAMES[g].map(([n]) => n)));
    const feminineSurnames = new Set([...masculineSurnames].map(feminineSurname));
    const problems: string[] = [];
    let checked = 0;
    for (const p of regionPupils) {
      const r = p.record;
      if (p.truth.faults.length > 0) continue;
      checked++;
      const patronymicOk = !r.middleName || (r.sex === 'male' ? /(ович|ич|іч)$/u : /(івна|ївна)$/u).test(r.middleName);
      const firstOk = (r.sex === 'male' ? male : female).has(r.firstName);
      const lastOk = (r.sex === 'male' ? masculineSurnames : feminineSurnames).has(r.lastName);
      const adjectiveOk = r.sex === 'male' || !/(ський|цький|ий|ов|ев|єв|ін|їн)$/u.test(r.lastName);
      if (!(patronymicOk && firstOk && lastOk && adjectiveOk))
        problems.push(`${r.sex} ${r.lastName} ${r.firstName} ${r.middleName}`);
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(regionPupils.length * 0.9);
  });

  it('have valid identifiers except where the truth records an injected fault', () => {
    const unzrOwners = new Map<string, number>();
    const rnokppOwners = new Map<string, number>();
    const certificateOwners = new Map<string, number>();
    const problems: string[] = [];
    const check = (ok: boolean, p: SyntheticPupil, what: string) => {
      if (!ok) problems.push(`${p.recordNo} ${what} ${JSON.stringify(p.truth.faults)}`);
    };
    let unzrCount = 0;
    let rnokppCount = 0;
    for (const p of regionPupils) {
      const r = p.record;
      const swapped = has(p, 'birth_date_day_month_swap');
      if (r.unzr) {
        unzrCount++;
        const u = parseUnzr(r.unzr);
        check(u.formatOk && u.dateOk, p, `УНЗР format ${r.unzr}`);
        check(u.checkDigitOk === !has(p, 'unzr_check_digit'), p, `УНЗР check digit ${r.unzr}`);
        check((u.birthDate === r.birthDate) === !swapped, p, `УНЗР date ${r.unzr} ${r.birthDate}`);
        check((unzrOwners.get(r.unzr) ?? p.truthId) === p.truthId, p, `УНЗР shared ${r.unzr}`);
        unzrOwners.set(r.unzr, p.truthId);
      }
      if (r.rnokpp) {
        rnokppCount++;
        // stdnum is slow for 80 000 numbers: it checks every eighth record and every faulty one; the rest are
        // checked with the generator's own check digit, which the next test holds equal to stdnum's.
        if (p.recordNo % 8 === 0 || has(p, 'rnokpp_check_digit')) {
          const t = parseRnokpp(r.rnokpp);
          check(t.formatOk, p, `РНОКПП format ${r.rnokpp}`);
          check(t.checkDigitOk === !has(p, 'rnokpp_check_digit'), p, `РНОКПП check digit ${r.rnokpp}`);
          check(t.sex === r.sex, p, `РНОКПП sex ${r.rnokpp}`);
          check((t.birthDate === r.birthDate) === !swapped, p, `РНОКПП date ${r.rnokpp} ${r.birthDate}`);
        } else {
          check(String(rnokppCheckDigit(r.rnokpp)) === r.rnokpp[9], p, `РНОКПП check digit ${r.rnokpp}`);
          check((Number(r.rnokpp[8]) % 2 === 1) === (r.sex === 'male'), p, `РНОКПП sex ${r.rnokpp}`);
        }
        check((rnokppOwners.get(r.rnokpp) ?? p.truthId) === p.truthId, p, `РНОКПП shared ${r.rnokpp}`);
        rnokppOwners.set(r.rnokpp, p.truthId);
      }
      const c = r.birthCertificate;
      check((c === undefined) === has(p, 'missing_birth_certificate'), p, 'certificate presence');
      if (c) {
        const key = `${c.issuedCountry} ${c.series} ${c.number}`;
        check((certificateOwners.get(key) ?? p.truthId) === p.truthId, p, `certificate shared ${key}`);
        certificateOwners.set(key, p.truthId);
        if (c.issuedCountry === 'UA') {
          const issues = parseUkrainianBirthCertificate(c.series, c.number).issues.join();
          check(
            issues === (has(p, 'latin_lookalike_certificate_series') ? 'SERIES_LATIN_LOOKALIKE' : ''),
            p,
            `certificate ${key} ${issues}`,
          );
        }
      }
      check(
        /[A-Za-z]/u.test(r.lastName + r.firstName) === has(p, 'latin_lookalike_name'),
        p,
        `Latin letters ${r.lastName} ${r.firstName}`,
      );
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(unzrCount / regionPupils.length).toBeGreaterThan(0.25);
    expect(unzrCount / regionPupils.length).toBeLessThan(0.35);
    expect(rnokppCount / regionPupils.length).toBeGreaterThan(0.5);
    expect(rnokppCount / regionPupils.length).toBeLessThan(0.6);
  });

  it('compute the РНОКПП check digit exactly as stdnum does', () => {
    for (const p of regionPupils.slice(0, 4000)) {
      if (!p.record.rnokpp || has(p, 'rnokpp_check_digit')) continue;
      const nine = p.record.rnokpp.slice(0, 9);
      expect(completeRnokpp(nine)).toBe(nine + String(rnokppCheckDigit(nine)));
    }
  });

  it('take internal displacement origins from the official list, since its listing began', () => {
    let internal = 0;
    let external = 0;
    const problems: string[] = [];
    const check = (ok: boolean, p: SyntheticPupil, what: string) => {
      if (!ok)
        problems.push(
          `${p.recordNo} ${what} ${JSON.stringify(p.record.displacement)} ${JSON.stringify(p.truth.faults)}`,
        );
    };
    for (const p of regionPupils) {
      const d = p.record.displacement;
      if (d.status === 'internal') {
        internal++;
        if (!d.originKatottg) check(has(p, 'missing_displacement_origin'), p, 'no origin');
        else {
          // A hromada, or Kyiv or Sevastopol as a whole (their districts are not hromadas).
          const origin = codifierByCode.get(d.originKatottg);
          check(origin !== undefined && (origin.level === 3 || origin.category === 'K'), p, 'origin level');
          const listing = index.listingOf(d.originKatottg, DISPLACEMENT_ORIGIN_KINDS);
          check(listing !== null, p, 'origin not listed');
          if (d.since && listing) check(d.since >= listing.start, p, `since before ${listing.start}`);
        }
      }
      if (d.status === 'external') {
        external++;
        check(/^[A-Z]{2}$/.test(d.country), p, 'country');
        if (d.since) check(d.since >= '2022-02-24', p, 'external before 2022');
      }
      if (d.status !== 'none') {
        if (d.since)
          check(
            d.since <= TODAY && (has(p, 'birth_date_day_month_swap') || d.since > p.record.birthDate),
            p,
            'since range',
          );
        else check(has(p, 'missing_displacement_since'), p, 'no since');
      }
      const c = p.record.contact;
      if (c.status === 'lost')
        check((c.lostSince === undefined) === has(p, 'missing_lost_contact_since'), p, 'lostSince');
      const entry = p.record.enrollment.entryDate;
      check(entry >= '2025-09-01' && entry <= TODAY, p, `entry ${entry}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(internal / regionPupils.length).toBeGreaterThan(0.035);
    expect(internal / regionPupils.length).toBeLessThan(0.065);
    expect(external / regionPupils.length).toBeGreaterThan(0.02);
    expect(external / regionPupils.length).toBeLessThan(0.04);
  });

  it('inject faults at the configured rates', () => {
    const r = DEFAULT_FAULT_RATES;
    const count = (f: FaultKind) => regionPupils.filter((p) => has(p, f)).length;
    const records = regionPupils.length;
    const withUa = regionPupils.filter((p) => p.record.birthCertificate?.issuedCountry === 'UA').length;
    const withUnzr = regionPupils.filter((p) => p.record.unzr).length;
    const withRnokpp = regionPupils.filter((p) => p.record.rnokpp).length;
    const displaced = regionPupils.filter((p) => p.record.displacement.status !== 'none').length;
    const internal = regionPupils.filter((p) => p.record.displacement.status === 'internal').length;
    const lost = regionPupils.filter((p) => p.record.contact.status === 'lost').length;
    const seconds = count('duplicate_enrollment');
    const within = (hits: number, n: number, p: number) => {
      const tolerance = 4 * Math.sqrt((p * (1 - p)) / n) + 0.1 * p;
      expect(Math.abs(hits / n - p)).toBeLessThanOrEqual(tolerance);
    };
    // Records missing a certificate lost their chance of a series fault; the rest are the denominator.
    within(count('missing_birth_certificate'), records, r.missingBirthCertificate);
    within(count('latin_lookalike_certificate_series'), withUa, r.latinInCertificateSeries);
    within(count('latin_lookalike_name'), records, r.latinInName);
    within(count('name_typo'), records, r.nameTypo);
    within(count('unzr_check_digit'), withUnzr, r.badUnzrCheckDigit);
    within(count('rnokpp_check_digit'), withRnokpp, r.badRnokppCheckDigit);
    within(count('birth_date_day_month_swap'), records, r.dayMonthSwap);
    within(count('missing_displacement_since'), displaced, r.missingDisplacementSince);
    within(count('missing_displacement_origin'), internal, r.missingDisplacementOrigin);
    within(count('missing_lost_contact_since'), lost, r.missingLostSince);
    within(seconds, region.summary.pupils, r.duplicateEnrollment);
    within(count('name_variant'), seconds, r.duplicateNameVariant);
  });

  it('follow configured rates', () => {
    const data = createSyntheticDataset(index, {
      preset: 'demo',
      seed: 5,
      faultRates: { nameTypo: 0.1, missingBirthCertificate: 0 },
    });
    const pupils = [...data.pupils()];
    expect(pupils.filter((p) => has(p, 'missing_birth_certificate'))).toHaveLength(0);
    const typos = pupils.filter((p) => has(p, 'name_typo')).length / pupils.length;
    expect(typos).toBeGreaterThan(0.085);
    expect(typos).toBeLessThan(0.115);
  });

  it('enrol a duplicated child twice, in different schools, with a shared duplicate group', () => {
    const byChild = new Map<number, SyntheticPupil[]>();
    for (const p of regionPupils) {
      const list = byChild.get(p.truthId);
      if (list) list.push(p);
      else byChild.set(p.truthId, [p]);
    }
    let groups = 0;
    const problems: string[] = [];
    for (const [id, list] of byChild) {
      if (list.length === 1) {
        if (list[0]!.truth.duplicateGroup !== null) problems.push(`${id} single with a group`);
        continue;
      }
      groups++;
      const a = list.find((p) => !p.truth.faults.includes('duplicate_enrollment'));
      const b = list.find((p) => p.truth.faults.includes('duplicate_enrollment'));
      if (list.length !== 2 || !a || !b) {
        problems.push(`${id} has ${list.length} records`);
        continue;
      }
      const swapped =
        a.truth.faults.includes('birth_date_day_month_swap') || b.truth.faults.includes('birth_date_day_month_swap');
      const same =
        a.truth.duplicateGroup === id &&
        b.truth.duplicateGroup === id &&
        a.record.enrollment.schoolEdrpou !== b.record.enrollment.schoolEdrpou &&
        a.record.enrollment.grade === b.record.enrollment.grade &&
        a.record.sex === b.record.sex &&
        (swapped || a.record.birthDate === b.record.birthDate);
      if (!same) problems.push(`${id} records disagree`);
    }
    expect(problems).toEqual([]);
    expect(groups).toBe(region.summary.duplicates);
  });

  it('speak the minority languages where the communities live', () => {
    const national = createSyntheticDataset(index, { preset: 'national', seed: 3 });
    const langs = (prefix: string) =>
      new Set(national.plan.schools.filter((s) => s.regionCode.startsWith(prefix)).map((s) => s.instructionLanguage));
    expect(langs('UA21').has('hu')).toBe(true);
    expect(langs('UA73').has('ro')).toBe(true);
    expect(langs('UA01')).toEqual(new Set(['crh']));
    const hu = national.plan.schools.find((s) => s.instructionLanguage === 'hu')!;
    const pupils = [...national.schoolPupils(hu.index)];
    expect(pupils.filter((p) => p.record.instructionLanguage === 'hu').length / pupils.length).toBeGreaterThan(0.8);
  });
});

describe('national plan', () => {
  const national = createSyntheticDataset(index, { preset: 'national', seed: 1 });
  const s = national.summary;

  it('has ≈ 12 700 schools and ≈ 3.9 M pupils, 72 % of them urban, Kyiv ≈ 330 k', () => {
    expect(Math.abs(s.schools - 12_700)).toBeLessThan(250);
    expect(Math.abs(s.pupils - 3_900_000)).toBeLessThan(20_000);
    expect(s.records).toBe(s.pupils + s.duplicates);
    expect(s.urbanPupils / s.pupils).toBeGreaterThan(0.7);
    expect(s.urbanPupils / s.pupils).toBeLessThan(0.74);
    const kyiv = s.byRegion.find((r) => r.code === 'UA80000000000093317')!;
    expect(Math.abs(kyiv.pupils - 330_000)).toBeLessThan(15_000);
    expect(s.byRegion).toHaveLength(27);
    expect(s.byRegion.filter((r) => r.schools > 0)).toHaveLength(26);
    const lviv = s.byRegion.find((r) => r.name === 'Львівська')!;
    const kirovohrad = s.byRegion.find((r) => r.name === 'Кіровоградська')!;
    expect(lviv.pupils / kirovohrad.pupils).toBeGreaterThan(2.5);
  });

  it('gives every organisation a valid ЄДРПОУ, unique across the set', () => {
    const codes = [...national.organisations()].map((o) => o.edrpou);
    expect(codes.length).toBe(1 + 27 + s.ouos + s.schools);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(isValidEdrpou(c)).toBe(true);
  });

  it('registers relocated schools of occupied hromadas in government-controlled ones', () => {
    const relocated = national.plan.schools.filter((x) => x.status === 'relocated');
    expect(relocated.length).toBeGreaterThan(100);
    const regions = new Set(relocated.map((x) => x.regionCode.slice(0, 4)));
    for (const prefix of ['UA01', 'UA14', 'UA23', 'UA44', 'UA65']) expect(regions.has(prefix)).toBe(true);
    for (const x of relocated) {
      expect(index.hromadaByCode.get(x.originalHromadaCode!)!.occupied).toBe(true);
      expect(index.hromadaOfSettlement(x.originalKatottg!)!.code).toBe(x.originalHromadaCode);
      expect(index.hromadaByCode.get(x.hromadaCode)!.occupied).toBe(false);
      expect(x.ouoKey).toBe(`ouo:${x.originalHromadaCode}`);
    }
    expect(national.plan.schools.some((x) => x.status === 'suspended')).toBe(true);
    for (const x of national.plan.schools)
      if (x.status !== 'relocated') expect(index.hromadaByCode.get(x.hromadaCode)!.occupied).toBe(false);
  });

  it('names schools uniquely and places them in their ОУО’s hromada', () => {
    expect(new Set(national.plan.schools.map((x) => x.name)).size).toBe(s.schools);
    for (const x of national.plan.schools) {
      if (x.status === 'relocated') continue;
      expect(x.ouoKey).toBe(`ouo:${x.hromadaCode}`);
      expect(index.hromadaOfSettlement(x.katottg)!.code).toBe(x.hromadaCode);
    }
    const kyivOuo = national.plan.ouos.filter((o) => o.regionCode === 'UA80000000000093317');
    expect(kyivOuo).toHaveLength(10);
    expect(kyivOuo.map((o) => o.name)).toContain(
      'Управління освіти Печерської районної в місті Києві державної адміністрації',
    );
  });
});
