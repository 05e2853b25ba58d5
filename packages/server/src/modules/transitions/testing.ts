/**
 * Test data for transitions and transfers: whole classes of valid pupils written in one bulk transaction, the way
 * a seed or an import writes them (tests only).
 */
import type { PupilRecord } from '@aikom/domain/exchange-record';
import { schoolYear } from '@aikom/domain/school-year';
import type { AppContext } from '../../context';
import { writePupilsBulk, type BulkPupil } from '../pupils/bulk-writer';
import { validateOnServer } from '../pupils/validation';

const LAST = [
  'Бондар',
  'Ковальчук',
  'Мельник',
  'Шевчук',
  'Ткаченко',
  'Кравець',
  'Олійник',
  'Лисенко',
  'Руденко',
  'Савчук',
];
const FIRST_M = ['Андрій', 'Богдан', 'Дмитро', 'Іван', 'Максим', 'Назар', 'Олег', 'Роман', 'Тарас', 'Юрій'];
const FIRST_F = ['Анна', 'Віра', 'Дарина', 'Ірина', 'Катерина', 'Леся', 'Марія', 'Оксана', 'Софія', 'Юлія'];

let serial = 0;

export interface SeededPupil {
  id: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  certificate: { series: string; number: string };
  grade: number;
  classLetter: string;
}

/**
 * Writes `pupils` children in each class (grade, letter) of a school for a school year: valid records with distinct
 * names and birth certificates, birth dates that fit the grade.
 */
export async function seedClasses(
  ctx: AppContext,
  school: { id: string; edrpou: string | null; ouoId: string | null; regionId: string | null },
  year: number,
  classes: ReadonlyArray<{ grade: number; classLetter: string; pupils: number }>,
  overrides: (p: SeededPupil, index: number) => Partial<PupilRecord> = () => ({}),
): Promise<SeededPupil[]> {
  const y = schoolYear(year);
  const seeded: SeededPupil[] = [];
  const bulk: BulkPupil[] = [];
  for (const c of classes) {
    for (let k = 0; k < c.pupils; k++) {
      const n = ++serial;
      const male = n % 2 === 0;
      const p: SeededPupil = {
        id: '',
        lastName: LAST[n % LAST.length]!,
        firstName: (male ? FIRST_M : FIRST_F)[Math.floor(n / LAST.length) % 10]!,
        birthDate: `${year - c.grade - 6}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 27)).padStart(2, '0')}`,
        certificate: { series: 'І-БК', number: String(200000 + n) },
        grade: c.grade,
        classLetter: c.classLetter,
      };
      const record = {
        lastName: p.lastName,
        firstName: p.firstName,
        middleName: male ? 'Петрович' : 'Петрівна',
        sex: male ? 'male' : 'female',
        birthDate: p.birthDate,
        birthCertificate: p.certificate,
        citizenship: 'UA',
        displacement: { status: 'none' },
        contact: { status: 'in_contact' },
        educationForm: 'day',
        specialNeeds: false,
        instructionLanguage: 'uk',
        enrollment: {
          schoolEdrpou: school.edrpou!,
          schoolYear: y.label,
          grade: c.grade,
          classLetter: c.classLetter,
          entryDate: y.startsOn,
        },
        ...overrides(p, seeded.length),
      };
      // What the test asked to change is what the record says.
      p.lastName = record.lastName;
      p.firstName = record.firstName;
      const v = validateOnServer(record, new Date(`${y.startsOn}T09:00:00Z`));
      bulk.push({
        record: (v.errors.length === 0 ? v.normalised : record) as PupilRecord,
        quality: v,
        school: { id: school.id, ouo_id: school.ouoId, region_id: school.regionId },
        schoolYear: year,
      });
      seeded.push(p);
    }
  }
  const ids = await ctx.db.bulk((w) =>
    writePupilsBulk(w, bulk, {
      keys: ctx.keys,
      territoryId: () => null,
      source: 'seed',
      actorUserId: null,
      actorPlatformId: null,
      now: ctx.now(),
    }),
  );
  ids.forEach((id, i) => (seeded[i]!.id = id));
  return seeded;
}

/** Inserts school years (open unless said otherwise), the first one current. */
export async function schoolYears(
  ctx: AppContext,
  years: ReadonlyArray<{ id: number; status?: string }>,
): Promise<void> {
  for (const [i, y] of years.entries()) {
    const s = schoolYear(y.id);
    await ctx.db.kysely
      .insertInto('school_year')
      .values({
        id: y.id,
        label: s.label,
        starts_on: s.startsOn,
        ends_on: s.endsOn,
        status: y.status ?? 'open',
        is_current: i === 0,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}
