/**
 * The comparison vector of a pair of records (Fellegi & Sunter 1969): for each field, the level at which the two
 * records agree, or −1 when a side has no value. Names are compared on their КМУ 2010 transliteration (exact), their
 * phonetic key (the same name, spelt differently) and Jaro–Winkler on the phonetic key; birth dates by the levels of
 * dates.ts; sex, identifiers (blind indexes) and the hromada of residence agree or not.
 *
 * A vector is packed into one integer (a mixed-radix number with one digit per field, 0 for "missing"), so that a
 * pair's weight is one table lookup and EM runs on a histogram of patterns instead of on pairs.
 */
import { BIRTH_DATE_LEVELS, NO_DAY } from './dates';
import { NO_NAME } from './dictionary';
import { jaroWinklerCodes } from './jaro-winkler';
import { SEX_UNKNOWN, type IdentifierColumn, type LinkageRecords } from './records';

export interface ComparisonSpec {
  name: string;
  levels: readonly string[];
  /** Ukrainian label of the field (for the review screen). */
  uk: string;
}

/** Jaro–Winkler thresholds of the name levels (Splink's defaults for names are 0.92 and 0.88; ours sit around them). */
export const NAME_JW_HIGH = 0.92;
export const NAME_JW_LOW = 0.84;
export const MIDDLE_JW = 0.88;

export const COMPARISONS: readonly ComparisonSpec[] = [
  { name: 'lastName', uk: 'Прізвище', levels: ['exact', 'phonetic', 'jw_high', 'jw_low', 'other'] },
  { name: 'firstName', uk: 'Імʼя', levels: ['exact', 'phonetic', 'jw_high', 'jw_low', 'other'] },
  { name: 'middleName', uk: 'По батькові', levels: ['exact', 'phonetic', 'jw', 'other'] },
  { name: 'birthDate', uk: 'Дата народження', levels: BIRTH_DATE_LEVELS },
  { name: 'sex', uk: 'Стать', levels: ['agree', 'disagree'] },
  { name: 'birthCertificate', uk: 'Свідоцтво про народження', levels: ['agree', 'disagree'] },
  { name: 'unzr', uk: 'УНЗР', levels: ['agree', 'disagree'] },
  { name: 'rnokpp', uk: 'РНОКПП', levels: ['agree', 'disagree'] },
  { name: 'hromada', uk: 'Громада проживання', levels: ['agree', 'disagree'] },
];

export const C_LAST = 0;
export const C_FIRST = 1;
export const C_MIDDLE = 2;
export const C_BIRTH = 3;
export const C_SEX = 4;
export const C_CERT = 5;
export const C_UNZR = 6;
export const C_RNOKPP = 7;
export const C_HROMADA = 8;
/** Index of each identifier's comparison, in the order of {@link IDENTIFIERS}. */
export const C_IDENTIFIERS = [C_CERT, C_UNZR, C_RNOKPP] as const;

/** Radix of each field's digit (levels + 1 for "missing") and its place value in a packed pattern. */
export const RADIX: readonly number[] = COMPARISONS.map((c) => c.levels.length + 1);
export const STRIDE: readonly number[] = RADIX.map((_, k) => RADIX.slice(0, k).reduce((a, r) => a * r, 1));
export const PATTERN_COUNT = RADIX.reduce((a, r) => a * r, 1);
const S_FIRST = STRIDE[C_FIRST]!;
const S_MIDDLE = STRIDE[C_MIDDLE]!;
const S_BIRTH = STRIDE[C_BIRTH]!;
const S_SEX = STRIDE[C_SEX]!;
const S_CERT = STRIDE[C_CERT]!;
const S_UNZR = STRIDE[C_UNZR]!;
const S_RNOKPP = STRIDE[C_RNOKPP]!;
const S_HROMADA = STRIDE[C_HROMADA]!;

/** Packs a comparison vector (levels, −1 for missing) into a pattern number. */
export function packPattern(gamma: ArrayLike<number>): number {
  let p = 0;
  for (let k = 0; k < RADIX.length; k++) p += (gamma[k]! + 1) * STRIDE[k]!;
  return p;
}

/** The comparison vector of a pattern number. */
export function unpackPattern(pattern: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < RADIX.length; k++) out.push((Math.floor(pattern / STRIDE[k]!) % RADIX[k]!) - 1);
  return out;
}

/** The level of comparison `k` in a pattern (−1 when missing). */
export function levelOf(pattern: number, k: number): number {
  return (Math.floor(pattern / STRIDE[k]!) % RADIX[k]!) - 1;
}

/** A pattern with comparison `k` set to "missing" (used to leave a blocked field out of an EM session). */
export function withoutComparison(pattern: number, k: number): number {
  return pattern - (levelOf(pattern, k) + 1) * STRIDE[k]!;
}

const CACHE_BITS = 20;
const CACHE_MASK = (1 << CACHE_BITS) - 1;

/**
 * Computes comparison patterns between two record sets sharing one dictionary. Jaro–Winkler similarities are cached
 * by pair of phonetic ids in a direct-mapped table: names repeat, and a cache hit costs two array reads. The columns
 * are held in fields so that the hot method reads typed arrays directly.
 */
export class Comparator {
  private readonly cacheKey = new Float64Array(1 << CACHE_BITS).fill(-1);
  private readonly cacheValue = new Float32Array(1 << CACHE_BITS);
  private readonly codes: readonly Uint8Array[];
  private readonly lLastT: Int32Array;
  private readonly rLastT: Int32Array;
  private readonly lLastP: Int32Array;
  private readonly rLastP: Int32Array;
  private readonly lFirstT: Int32Array;
  private readonly rFirstT: Int32Array;
  private readonly lFirstP: Int32Array;
  private readonly rFirstP: Int32Array;
  private readonly lMiddleT: Int32Array;
  private readonly rMiddleT: Int32Array;
  private readonly lMiddleP: Int32Array;
  private readonly rMiddleP: Int32Array;
  private readonly lDay: Int32Array;
  private readonly rDay: Int32Array;
  private readonly lYear: Int16Array;
  private readonly rYear: Int16Array;
  private readonly lMonth: Int8Array;
  private readonly rMonth: Int8Array;
  private readonly lDom: Int8Array;
  private readonly rDom: Int8Array;
  private readonly lSex: Int8Array;
  private readonly rSex: Int8Array;
  private readonly lHromada: Int32Array;
  private readonly rHromada: Int32Array;
  private readonly lId: readonly [IdentifierColumn, IdentifierColumn, IdentifierColumn];
  private readonly rId: readonly [IdentifierColumn, IdentifierColumn, IdentifierColumn];

  constructor(
    readonly left: LinkageRecords,
    readonly right: LinkageRecords,
  ) {
    if (left.dictionary !== right.dictionary) throw new Error('both sides of a linkage must share one dictionary');
    this.codes = left.dictionary.phoneticCodes;
    const L = left;
    const R = right;
    this.lLastT = L.lastT;
    this.rLastT = R.lastT;
    this.lLastP = L.lastP;
    this.rLastP = R.lastP;
    this.lFirstT = L.firstT;
    this.rFirstT = R.firstT;
    this.lFirstP = L.firstP;
    this.rFirstP = R.firstP;
    this.lMiddleT = L.middleT;
    this.rMiddleT = R.middleT;
    this.lMiddleP = L.middleP;
    this.rMiddleP = R.middleP;
    this.lDay = L.day;
    this.rDay = R.day;
    this.lYear = L.year;
    this.rYear = R.year;
    this.lMonth = L.month;
    this.rMonth = R.month;
    this.lDom = L.dom;
    this.rDom = R.dom;
    this.lSex = L.sex;
    this.rSex = R.sex;
    this.lHromada = L.hromada;
    this.rHromada = R.hromada;
    this.lId = [L.ids.birthCertificate, L.ids.unzr, L.ids.rnokpp];
    this.rId = [R.ids.birthCertificate, R.ids.unzr, R.ids.rnokpp];
  }

  /** Jaro–Winkler similarity of two phonetic ids. */
  similarity(a: number, b: number): number {
    if (a === b) return 1;
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const key = lo * 4_194_304 + hi;
    const slot = (Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b)) & CACHE_MASK;
    if (this.cacheKey[slot] === key) return this.cacheValue[slot]!;
    // Rounded as the cache stores it, so that a value is the same whether it was cached or not.
    const s = Math.fround(jaroWinklerCodes(this.codes[lo]!, this.codes[hi]!));
    this.cacheKey[slot] = key;
    this.cacheValue[slot] = s;
    return s;
  }

  /** Digit (level + 1, 0 for missing) of a last or first name. */
  private nameDigit(lt: number, rt: number, lp: number, rp: number): number {
    if (lp === NO_NAME || rp === NO_NAME) return 0;
    if (lt === rt) return 1;
    if (lp === rp) return 2;
    const s = this.similarity(lp, rp);
    return s >= NAME_JW_HIGH ? 3 : s >= NAME_JW_LOW ? 4 : 5;
  }

  private middleDigit(lt: number, rt: number, lp: number, rp: number): number {
    if (lp === NO_NAME || rp === NO_NAME) return 0;
    if (lt === rt) return 1;
    if (lp === rp) return 2;
    return this.similarity(lp, rp) >= MIDDLE_JW ? 3 : 4;
  }

  private static idDigit(lc: IdentifierColumn, rc: IdentifierColumn, l: number, r: number): number {
    if (lc.has[l] !== 1 || rc.has[r] !== 1) return 0;
    return lc.hi[l] === rc.hi[r] && lc.lo[l] === rc.lo[r] ? 1 : 2;
  }

  /** The packed comparison pattern of left record `l` and right record `r`. */
  pattern(l: number, r: number): number {
    let p = this.nameDigit(this.lLastT[l]!, this.rLastT[r]!, this.lLastP[l]!, this.rLastP[r]!);
    p += this.nameDigit(this.lFirstT[l]!, this.rFirstT[r]!, this.lFirstP[l]!, this.rFirstP[r]!) * S_FIRST;
    p += this.middleDigit(this.lMiddleT[l]!, this.rMiddleT[r]!, this.lMiddleP[l]!, this.rMiddleP[r]!) * S_MIDDLE;
    p += (this.birthLevel(l, r) + 1) * S_BIRTH;
    const ls = this.lSex[l]!;
    const rs = this.rSex[r]!;
    if (ls !== SEX_UNKNOWN && rs !== SEX_UNKNOWN) p += (ls === rs ? 1 : 2) * S_SEX;
    p += Comparator.idDigit(this.lId[0], this.rId[0], l, r) * S_CERT;
    p += Comparator.idDigit(this.lId[1], this.rId[1], l, r) * S_UNZR;
    p += Comparator.idDigit(this.lId[2], this.rId[2], l, r) * S_RNOKPP;
    const lh = this.lHromada[l]!;
    const rh = this.rHromada[r]!;
    if (lh !== NO_NAME && rh !== NO_NAME) p += (lh === rh ? 1 : 2) * S_HROMADA;
    return p;
  }

  /** The birth-date level of dates.ts, from the split columns (no allocation). */
  birthLevel(l: number, r: number): number {
    const a = this.lDay[l]!;
    const b = this.rDay[r]!;
    if (a === NO_DAY || b === NO_DAY) return -1;
    if (a === b) return 0;
    const ly = this.lYear[l]!;
    const ry = this.rYear[r]!;
    const lm = this.lMonth[l]!;
    const rm = this.rMonth[r]!;
    const ld = this.lDom[l]!;
    const rd = this.rDom[r]!;
    if (ly === ry && lm === rd && ld === rm) return 1;
    const same = (ly === ry ? 1 : 0) + (lm === rm ? 1 : 0) + (ld === rd ? 1 : 0);
    if (same >= 2) return 2;
    return Math.abs(a - b) <= 366 ? 3 : 4;
  }

  /** Whether the two records share an identifier (any blind index equal). */
  sharesIdentifier(l: number, r: number): boolean {
    for (let k = 0; k < 3; k++) if (Comparator.idDigit(this.lId[k]!, this.rId[k]!, l, r) === 1) return true;
    return false;
  }
}
