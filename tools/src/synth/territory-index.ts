/**
 * The reference data (KATOTTH and the list of territories of hostilities and occupation) arranged for the generator:
 * regions, their hromadas with settlements, which hromadas are occupied or in active hostilities on a date, and since
 * when a territory is on the list.
 *
 * Sources: KATOTTH — Мінрегіон order 290 of 26.11.2020 (edition in packages/server/reference); the list — Мінрегіон
 * order 376 of 28.02.2025 as amended (DOMAIN.md § 5).
 */
import type { CodifierEntry, HostilityKind, HostilityPeriod, TerritoryCategory } from '@aikom/domain/territory';
import { periodCovers } from '@aikom/domain/territory';
import { Rng } from './random';
import { regionProfileOf, type RegionProfile } from './regions';

export type HromadaKind = 'city' | 'settlement' | 'village' | 'capital_district';

export interface SettlementInfo {
  code: string;
  name: string;
  category: TerritoryCategory;
  /** Urban per ZNZ-1 practice: cities, special-status cities and their districts, селища (M, K, B, X); villages rural. */
  urban: boolean;
  /** A population-like weight: real figures for the larger cities, a stable pseudo-random size otherwise. */
  weight: number;
}

export interface HromadaInfo {
  /** The hromada's code (level 3), or the Kyiv district's (level 5), which plays the hromada's part in the capital. */
  code: string;
  name: string;
  kind: HromadaKind;
  regionCode: string;
  raionCode: string | null;
  raionName: string | null;
  settlements: readonly SettlementInfo[];
  /** The administrative centre: the city, else the settlement whose name the hromada's name is formed from. */
  centre: SettlementInfo;
  weight: number;
  urbanWeight: number;
  ruralWeight: number;
  occupied: boolean;
  activeHostilities: boolean;
}

export interface RegionInfo {
  code: string;
  name: string;
  category: 'O' | 'K';
  profile: RegionProfile;
  hromadas: readonly HromadaInfo[];
}

const OCCUPATION: ReadonlySet<HostilityKind> = new Set(['temporarily_occupied']);
const ACTIVE: ReadonlySet<HostilityKind> = new Set(['active_hostilities', 'active_hostilities_with_state_eresources']);
/** Territories an internally displaced pupil may come from: occupied or under active hostilities. */
export const DISPLACEMENT_ORIGIN_KINDS: ReadonlySet<HostilityKind> = new Set([...OCCUPATION, ...ACTIVE]);

/** Normalises apostrophes so that names typed with ’, ' or ʼ compare equal. */
export function normaliseApostrophe(s: string): string {
  return s.replace(/['’ʼ]/gu, 'ʼ');
}

/** Genitive singular of a feminine or masculine adjective, in the feminine (Бучанська → Бучанської; Печерський → Печерської). */
export function feminineGenitive(adjective: string): string {
  if (adjective.endsWith('ий')) return `${adjective.slice(0, -2)}ої`;
  if (adjective.endsWith('а')) return `${adjective.slice(0, -1)}ої`;
  return adjective;
}

const HROMADA_KIND_WORDS: Readonly<
  Record<Exclude<HromadaKind, 'capital_district'>, { nominative: string; genitive: string }>
> = {
  city: { nominative: 'міська', genitive: 'міської' },
  settlement: { nominative: 'селищна', genitive: 'селищної' },
  village: { nominative: 'сільська', genitive: 'сільської' },
};

/** «Бучанська міська рада» and «Бучанської міської ради». */
export function councilName(h: HromadaInfo, grammaticalCase: 'nominative' | 'genitive'): string {
  if (h.kind === 'capital_district')
    return grammaticalCase === 'nominative' ? 'Київська міська рада' : 'Київської міської ради';
  const word = HROMADA_KIND_WORDS[h.kind];
  return grammaticalCase === 'nominative'
    ? `${h.name} ${word.nominative} рада`
    : `${feminineGenitive(h.name)} ${word.genitive} ради`;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export class TerritoryIndex {
  readonly byCode: ReadonlyMap<string, CodifierEntry>;
  readonly regions: readonly RegionInfo[];
  readonly hromadaByCode: ReadonlyMap<string, HromadaInfo>;
  private readonly periodsByCode = new Map<string, HostilityPeriod[]>();
  private readonly settlementHromada = new Map<string, HromadaInfo>();

  constructor(
    private readonly codifier: readonly CodifierEntry[],
    private readonly hostilities: readonly HostilityPeriod[],
    readonly today: string,
  ) {
    const byCode = new Map<string, CodifierEntry>();
    const children = new Map<string, CodifierEntry[]>();
    for (const e of codifier) {
      byCode.set(e.code, e);
      if (e.parentCode) {
        const list = children.get(e.parentCode);
        if (list) list.push(e);
        else children.set(e.parentCode, [e]);
      }
    }
    this.byCode = byCode;
    for (const p of hostilities) {
      const list = this.periodsByCode.get(p.code);
      if (list) list.push(p);
      else this.periodsByCode.set(p.code, [p]);
    }
    const typeFromList = new Map<string, Exclude<HromadaKind, 'capital_district'>>();
    for (const p of hostilities) {
      const m = /(міська|селищна|сільська) територіальна громада$/u.exec(p.listedName);
      if (m) typeFromList.set(p.code, m[1] === 'міська' ? 'city' : m[1] === 'селищна' ? 'settlement' : 'village');
    }

    const hromadaByCode = new Map<string, HromadaInfo>();
    const regions: RegionInfo[] = [];
    for (const region of codifier.filter((e) => e.level === 1)) {
      const profile = regionProfileOf(region.code);
      const cityPopulation = new Map(
        Object.entries(profile.cities).map(([n, v]) => [normaliseApostrophe(n), v * 1000]),
      );
      const settlementOf = (e: CodifierEntry): SettlementInfo => ({
        code: e.code,
        name: e.name,
        category: e.category,
        urban: e.category !== 'C',
        weight:
          (e.category === 'M' || e.category === 'B' ? cityPopulation.get(normaliseApostrophe(e.name)) : undefined) ??
          syntheticWeight(e),
      });
      const hromadas: HromadaInfo[] = [];
      if (region.category === 'K') {
        // Kyiv and Sevastopol have districts (B) directly under the city; each district is a unit with one settlement.
        for (const d of children.get(region.code) ?? []) {
          if (d.category !== 'B') continue;
          const s = settlementOf(d);
          hromadas.push(this.makeHromada(d.code, d.name, 'capital_district', region.code, null, null, [s], s));
        }
      } else {
        for (const raion of children.get(region.code) ?? []) {
          for (const h of children.get(raion.code) ?? []) {
            if (h.category !== 'H') continue;
            const settlements = (children.get(h.code) ?? []).filter((s) => s.level === 4).map(settlementOf);
            if (settlements.length === 0) continue;
            const city = settlements.filter((s) => s.category === 'M').sort((a, b) => b.weight - a.weight)[0];
            const stem = h.name.slice(0, -3);
            const byName = [...settlements].sort(
              (a, b) => commonPrefix(b.name, stem) - commonPrefix(a.name, stem) || b.weight - a.weight,
            )[0]!;
            const centre = city ?? byName;
            const kind =
              typeFromList.get(h.code) ??
              (city ? 'city' : settlements.some((s) => s.category === 'X') ? 'settlement' : 'village');
            hromadas.push(
              this.makeHromada(h.code, h.name, kind, region.code, raion.code, raion.name, settlements, centre),
            );
          }
        }
      }
      for (const h of hromadas) {
        hromadaByCode.set(h.code, h);
        for (const s of h.settlements) this.settlementHromada.set(s.code, h);
      }
      regions.push({ code: region.code, name: region.name, category: region.category as 'O' | 'K', profile, hromadas });
    }
    this.regions = regions;
    this.hromadaByCode = hromadaByCode;
  }

  /** The same reference data seen on another date (occupation and hostilities change over time). */
  withToday(today: string): TerritoryIndex {
    return new TerritoryIndex(this.codifier, this.hostilities, today);
  }

  private makeHromada(
    code: string,
    name: string,
    kind: HromadaKind,
    regionCode: string,
    raionCode: string | null,
    raionName: string | null,
    settlements: SettlementInfo[],
    centre: SettlementInfo,
  ): HromadaInfo {
    let urbanWeight = 0;
    let ruralWeight = 0;
    for (const s of settlements) {
      if (s.urban) urbanWeight += s.weight;
      else ruralWeight += s.weight;
    }
    const covered = (kinds: ReadonlySet<HostilityKind>) => {
      if (this.listingOf(code, kinds, this.today)) return true;
      const listed = settlements.filter((s) => this.periodsOn(s.code, kinds, this.today).length > 0).length;
      return listed * 2 >= settlements.length;
    };
    const occupied = covered(OCCUPATION);
    return {
      code,
      name,
      kind,
      regionCode,
      raionCode,
      raionName,
      settlements,
      centre,
      weight: urbanWeight + ruralWeight,
      urbanWeight,
      ruralWeight,
      occupied,
      activeHostilities: !occupied && covered(ACTIVE),
    };
  }

  private periodsOn(code: string, kinds: ReadonlySet<HostilityKind>, date: string | null): HostilityPeriod[] {
    return (this.periodsByCode.get(code) ?? []).filter(
      (p) => kinds.has(p.kind) && (date === null ? p.start === null || p.start <= this.today : periodCovers(p, date)),
    );
  }

  /** The code and its ancestors, nearest first. */
  ancestry(code: string): string[] {
    const out: string[] = [];
    let e = this.byCode.get(code);
    while (e) {
      out.push(e.code);
      e = e.parentCode ? this.byCode.get(e.parentCode) : undefined;
    }
    return out;
  }

  /**
   * The earliest listing of a territory (itself or an enclosing unit) with one of the kinds: on `date` when given,
   * else any listing that had begun by `today`. Null when the territory is not on the list.
   */
  listingOf(
    code: string,
    kinds: ReadonlySet<HostilityKind>,
    date: string | null = null,
  ): { start: string; kind: HostilityKind } | null {
    let best: { start: string; kind: HostilityKind } | null = null;
    for (const c of this.ancestry(code)) {
      for (const p of this.periodsOn(c, kinds, date)) {
        const start = p.start ?? '2014-02-20';
        if (!best || start < best.start) best = { start, kind: p.kind };
      }
    }
    return best;
  }

  /** The hromada (or Kyiv district) a settlement belongs to. */
  hromadaOfSettlement(code: string): HromadaInfo | undefined {
    return this.settlementHromada.get(code);
  }

  region(code: string): RegionInfo {
    const r = this.regions.find((x) => x.code === code || x.code.slice(0, 4) === code.slice(0, 4));
    if (!r) throw new Error(`no region ${code} in the codifier`);
    return r;
  }

  /**
   * Places an internally displaced pupil may come from: hromadas on the list (themselves or through their raion or
   * oblast) with the date their listing began and whether it still covers today. Kyiv and Sevastopol count as one
   * place each, under the city's own code, as their districts are not hromadas.
   */
  displacementOrigins(): { code: string; hromada: HromadaInfo; since: string; current: boolean; weight: number }[] {
    const out: { code: string; hromada: HromadaInfo; since: string; current: boolean; weight: number }[] = [];
    for (const r of this.regions) {
      const capital = r.category === 'K';
      const units = capital ? r.hromadas.slice(0, 1) : r.hromadas;
      for (const h of units) {
        const code = capital ? r.code : h.code;
        const listing = this.listingOf(code, DISPLACEMENT_ORIGIN_KINDS);
        if (!listing) continue;
        const weight = capital ? r.hromadas.reduce((a, x) => a + x.weight, 0) : h.weight;
        out.push({
          code,
          hromada: h,
          since: listing.start,
          current: this.listingOf(code, DISPLACEMENT_ORIGIN_KINDS, this.today) !== null,
          weight,
        });
      }
    }
    return out;
  }

  /** A city (category M, or the capital's districts) by region prefix and name. */
  findCityHromadas(key: string): HromadaInfo[] {
    const [prefix, name] = key.split(':') as [string, string];
    const region = this.region(prefix);
    if (region.category === 'K') return region.hromadas.filter((h) => !h.occupied);
    const wanted = normaliseApostrophe(name);
    return region.hromadas.filter(
      (h) => !h.occupied && h.settlements.some((s) => s.category === 'M' && normaliseApostrophe(s.name) === wanted),
    );
  }
}

/**
 * A stable pseudo-random size for a settlement without a known population: log-normal around a median typical of
 * its category (a small city ~14 k, a селище ~2.5 k, a village ~450 people). Derived from the code, not the seed, so
 * that a place is the same size in every data set.
 */
function syntheticWeight(e: CodifierEntry): number {
  const rng = Rng.fromSeed(`settlement:${e.code}`);
  switch (e.category) {
    case 'M':
      return rng.logNormal(14_000, 0.6);
    case 'X':
    case 'T':
      return rng.logNormal(2_500, 0.7);
    case 'B':
      return rng.logNormal(150_000, 0.3);
    default:
      return rng.logNormal(450, 0.9);
  }
}
