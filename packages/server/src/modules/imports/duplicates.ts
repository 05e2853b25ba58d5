/**
 * One child is one person, for a whole file at once: a row duplicates a pupil of the registry (the same identifier
 * by blind index, or the same full name and birth date — as PupilService.checkDuplicates decides for one record)
 * or an earlier row of the same file. A similar name with the same birth date is a warning.
 */
import { isRealDate } from '@aikom/domain/iso-date';
import type { ImportTx } from '../../db/schema-imports';
import type { KeyRing } from '../../security/key-ring';
import { blindIndexes } from '../pupils/identifiers';
import { personNameKey, personPhoneticKey } from '../pupils/rows';
import type { DuplicateKeys, ImportRepository, RowMatch, RowNearMatch } from './repository';
import type { RowIssue } from './rows';

export interface RowKeys {
  rowNo: number;
  bidx: Buffer[];
  birthDate: string | null;
  nameKey: string | null;
  phoneticKey: string | null;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The duplicate-detection keys of a (normalised) record, from whatever of it is usable. */
export function rowKeys(keys: KeyRing, rowNo: number, record: Record<string, unknown>): RowKeys {
  const cert =
    typeof record.birthCertificate === 'object' && record.birthCertificate !== null
      ? (record.birthCertificate as Record<string, unknown>)
      : undefined;
  const number = str(cert?.number);
  const series = str(cert?.series);
  const country = str(cert?.issuedCountry);
  const b = blindIndexes(keys, {
    birthCertificate:
      number && (series || (country && country !== 'UA'))
        ? { series: series ?? '', number, issuedCountry: country }
        : null,
    unzr: str(record.unzr) ?? null,
    rnokpp: str(record.rnokpp) ?? null,
  });
  const lastName = str(record.lastName);
  const firstName = str(record.firstName);
  const birthDate = str(record.birthDate);
  const named = lastName && firstName ? { lastName, firstName, middleName: str(record.middleName) } : null;
  return {
    rowNo,
    bidx: [b.birthCert, b.unzr, b.rnokpp].filter((x): x is Buffer => x !== null),
    birthDate: birthDate && isRealDate(birthDate) ? birthDate : null,
    nameKey: named ? personNameKey(named) : null,
    phoneticKey: named ? personPhoneticKey(named) : null,
  };
}

const keyStrings = (k: RowKeys): string[] => [
  ...k.bidx.map((b) => `i:${b.toString('hex')}`),
  ...(k.birthDate && k.nameKey ? [`n:${k.birthDate}:${k.nameKey}`] : []),
];

/** Rows seen so far in a file, by their keys: a later row with a key of an earlier one duplicates it. */
export class FileDuplicates {
  readonly #first = new Map<string, number>();

  /** The earlier row this one duplicates, or null (the row's keys are then remembered). */
  check(k: RowKeys): number | null {
    const keys = keyStrings(k);
    for (const key of keys) {
      const first = this.#first.get(key);
      if (first !== undefined) return first;
    }
    for (const key of keys) this.#first.set(key, k.rowNo);
    return null;
  }
}

export function inFileIssue(firstRow: number): RowIssue {
  return {
    code: 'DUPLICATE_IN_FILE',
    path: '',
    message: `Цей учень уже є у файлі в рядку ${firstRow} (той самий документ або те саме прізвище, імʼя, по батькові й дата народження). Залиште один рядок.`,
    severity: 'error',
    column: null,
  };
}

export function registryIssue(
  m: Pick<RowMatch, 'school_id' | 'school_name' | 'school_edrpou'>,
  schoolId: string,
): RowIssue {
  const message =
    m.school_id === schoolId
      ? 'Цей учень уже є в реєстрі у вашому закладі: змінюйте його дані в картці учня, а не новим рядком імпорту.'
      : `Цей учень уже є в реєстрі${m.school_name ? `: його запис веде ${m.school_name}${m.school_edrpou ? ` (ЄДРПОУ ${m.school_edrpou})` : ''}` : ''}. ` +
        'Один учень — один запис: попросіть той заклад оформити вибуття з переведенням до вашого закладу, після чого зарахуйте учня за переведенням.';
  return { code: 'DUPLICATE_PERSON', path: '', message, severity: 'error', column: null };
}

export function nearIssue(n: RowNearMatch): RowIssue {
  return {
    code: 'DUPLICATE_SUSPECTED',
    path: '/lastName',
    message: `Схожий учень із тією самою датою народження вже є в реєстрі${n.school_name ? ` (${n.school_name})` : ''}. Перевірте, чи це не той самий учень.`,
    severity: 'warning',
    column: 'lastName',
  };
}

function duplicateKeys(rows: readonly RowKeys[]): DuplicateKeys {
  const k: DuplicateKeys = { bidxRows: [], bidx: [], nameRows: [], birthDates: [], nameKeys: [] };
  for (const r of rows) {
    for (const b of r.bidx) {
      k.bidxRows.push(r.rowNo);
      k.bidx.push(b);
    }
    if (r.birthDate && r.nameKey) {
      k.nameRows.push(r.rowNo);
      k.birthDates.push(r.birthDate);
      k.nameKeys.push(r.nameKey);
    }
  }
  return k;
}

/** The registry's pupils that rows duplicate, by row number (one query for the batch). */
export async function registryMatches(
  repo: ImportRepository,
  trx: ImportTx,
  rows: readonly RowKeys[],
): Promise<Map<number, RowMatch>> {
  const found = await repo.matches(trx, duplicateKeys(rows));
  return new Map(found.map((m) => [m.row_no, m]));
}

/** Similar pupils with the same birth date, by row number, for rows that have no exact match. */
export async function registryNearMatches(
  repo: ImportRepository,
  trx: ImportTx,
  rows: readonly RowKeys[],
): Promise<Map<number, RowNearMatch>> {
  const usable = rows.filter((r) => r.birthDate && r.phoneticKey);
  const found = await repo.nearMatches(
    trx,
    usable.map((r) => r.rowNo),
    usable.map((r) => r.birthDate!),
    usable.map((r) => r.phoneticKey!),
  );
  return new Map(found.map((m) => [m.row_no, m]));
}
