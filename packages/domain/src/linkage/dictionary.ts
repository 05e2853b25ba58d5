/**
 * Names interned once per distinct spelling. Millions of records carry a few hundred thousand distinct names, so
 * each record keeps small integer ids and every key, prefix and character array is computed once per spelling.
 * Both sides of a linkage share one dictionary, so equal ids mean equal keys.
 */
import { linkageNameForms } from './name-forms';

/** The id of a missing name. */
export const NO_NAME = -1;
/** Ids stay below 2²² so that blocking keys built from two of them stay exact in a double (see blocking.ts). */
export const MAX_NAME_IDS = 1 << 22;

export interface InternedName {
  translit: number;
  phonetic: number;
  /** The first three characters of the phonetic key. */
  prefix: number;
  /** The first character of the phonetic key. */
  initial: number;
}

const MISSING: InternedName = { translit: NO_NAME, phonetic: NO_NAME, prefix: NO_NAME, initial: NO_NAME };

class Interner {
  readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      if (id >= MAX_NAME_IDS) throw new RangeError('too many distinct names for one linkage');
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }
}

export class NameDictionary {
  private readonly raw = new Map<string, InternedName>();
  private readonly translits = new Interner();
  private readonly phonetics = new Interner();
  private readonly prefixes = new Interner();
  /** ASCII codes of each phonetic key, by phonetic id (what Jaro–Winkler runs on). */
  readonly phoneticCodes: Uint8Array[] = [];

  /** The interned forms of a raw name part. */
  intern(rawName: string | null | undefined): InternedName {
    if (rawName === null || rawName === undefined || rawName === '') return MISSING;
    const cached = this.raw.get(rawName);
    if (cached) return cached;
    const forms = linkageNameForms(rawName);
    let entry = MISSING;
    if (forms) {
      const phonetic = this.phonetics.id(forms.phonetic);
      if (phonetic === this.phoneticCodes.length) {
        const codes = new Uint8Array(forms.phonetic.length);
        for (let i = 0; i < codes.length; i++) codes[i] = forms.phonetic.charCodeAt(i);
        this.phoneticCodes.push(codes);
      }
      entry = {
        translit: this.translits.id(forms.translit),
        phonetic,
        prefix: this.prefixes.id(forms.phonetic.slice(0, 3)),
        initial: forms.phonetic.charCodeAt(0),
      };
    }
    this.raw.set(rawName, entry);
    return entry;
  }

  /** The phonetic key of an id (for explanations and tests). */
  phonetic(id: number): string | null {
    return id === NO_NAME ? null : (this.phonetics.values[id] ?? null);
  }

  translit(id: number): string | null {
    return id === NO_NAME ? null : (this.translits.values[id] ?? null);
  }

  get size(): { spellings: number; phonetic: number } {
    return { spellings: this.raw.size, phonetic: this.phonetics.values.length };
  }
}
