/**
 * The pupil exchange record: one JSON shape for the portal, the XLSX import columns, validation and the platform API
 * (ARCHITECTURE.md, «The pupil exchange record»; DOMAIN.md § 3). camelCase fields, ISO `YYYY-MM-DD` dates, codes
 * from the enumerations below; unknown fields are an error at every level (`additionalProperties: false`).
 *
 * The schema states the shape; the rules that need more than the shape (check digits, dates against each other and
 * against the codifier) are the validation catalogue in `validation/`.
 */
import { Type, type Static } from 'typebox';
import { CLASS_LETTER_PATTERN } from './class-letter';
import { COUNTRY_CODES, UKRAINE } from './countries';
import { ISO_DATE_PATTERN } from './iso-date';
import { KATOTTG_PATTERN } from './territory';

/** A code's label in the portal's two languages. */
export interface Label {
  uk: string;
  en: string;
}

const codesOf = <T extends string>(labels: Readonly<Record<T, unknown>>): T[] => Object.keys(labels) as T[];

/** Sex as recorded on the birth certificate; form № ЗНЗ-1 counts pupils by sex (МОН order 868 of 30.07.2021). */
export const SEXES = {
  male: { uk: 'чоловіча', en: 'male' },
  female: { uk: 'жіноча', en: 'female' },
} as const satisfies Record<string, Label>;
export type Sex = keyof typeof SEXES;

/**
 * Forced displacement (MON letter of 27.06.2023, indicator 3): internal — an internally displaced person (ВПО,
 * Закон «Про забезпечення прав і свобод внутрішньо переміщених осіб», ст. 1); external — staying abroad.
 */
export const DISPLACEMENT_STATUSES = {
  none: { uk: 'не переміщений', en: 'not displaced' },
  internal: { uk: 'внутрішньо переміщена особа (ВПО)', en: 'internally displaced' },
  external: { uk: 'перебуває за кордоном', en: 'abroad (externally displaced)' },
} as const satisfies Record<string, Label>;
export type DisplacementStatus = keyof typeof DISPLACEMENT_STATUSES;

/** Contact with the pupil and/or their legal representatives (MON letter of 27.06.2023, indicator 4). */
export const CONTACT_STATUSES = {
  in_contact: { uk: 'звʼязок є', en: 'in contact' },
  lost: { uk: 'звʼязок втрачено', en: 'contact lost' },
  restored: { uk: 'звʼязок відновлено', en: 'contact restored' },
} as const satisfies Record<string, Label>;
export type ContactStatus = keyof typeof CONTACT_STATUSES;

/** The three groups of forms of education of Закон «Про повну загальну середню освіту», ст. 9. */
export const EDUCATION_FORM_GROUPS = {
  institutional: { uk: 'інституційна', en: 'institutional' },
  individual: { uk: 'індивідуальна', en: 'individual' },
  dual: { uk: 'дуальна', en: 'dual' },
} as const satisfies Record<string, Label>;
export type EducationFormGroup = keyof typeof EDUCATION_FORM_GROUPS;

/** Forms of education, Закон «Про повну загальну середню освіту», ст. 9. */
export const EDUCATION_FORMS = {
  day: { uk: 'очна (денна)', en: 'full-time (day)', group: 'institutional' },
  evening: { uk: 'очна (вечірня)', en: 'full-time (evening)', group: 'institutional' },
  part_time: { uk: 'заочна', en: 'part-time (correspondence)', group: 'institutional' },
  distance: { uk: 'дистанційна', en: 'distance', group: 'institutional' },
  network: { uk: 'мережева', en: 'network', group: 'institutional' },
  externship: { uk: 'екстернатна (екстернат)', en: 'externship', group: 'individual' },
  family: { uk: 'сімейна (домашня)', en: 'family (home)', group: 'individual' },
  patronage: { uk: 'педагогічний патронаж', en: 'pedagogical patronage', group: 'individual' },
  dual: { uk: 'дуальна', en: 'dual', group: 'dual' },
} as const satisfies Record<string, Label & { group: EducationFormGroup }>;
export type EducationForm = keyof typeof EDUCATION_FORMS;

/**
 * Why an enrolment spell ended (DOMAIN.md § 4; Порядок зарахування, відрахування та переведення учнів, наказ МОН
 * № 367 від 16.04.2018).
 */
export const EXIT_REASONS = {
  transfer: { uk: 'переведення до іншого закладу освіти', en: 'transfer to another school' },
  abroad: { uk: 'вибуття за кордон', en: 'moved abroad' },
  vocational: {
    uk: 'продовження навчання в закладі професійної (професійно-технічної) або фахової передвищої освіти',
    en: 'continues in vocational or professional pre-higher education',
  },
  completed: { uk: 'здобуття повної загальної середньої освіти', en: 'completed general secondary education' },
  deceased: { uk: 'смерть', en: 'deceased' },
  other: { uk: 'інша причина', en: 'other reason' },
} as const satisfies Record<string, Label>;
export type ExitReason = keyof typeof EXIT_REASONS;

/**
 * Languages of instruction: ISO 639-1 codes, and ISO 639-3 where a language has no two-letter code (crh — Crimean
 * Tatar, gag — Gagauz): Ukrainian, the languages of the indigenous peoples and national minorities of Ukraine and
 * the official languages of the EU (Закон «Про освіту», ст. 7), and other languages taught in Ukrainian schools.
 * Form № ЗНЗ-1 counts pupils by language of instruction.
 */
export const INSTRUCTION_LANGUAGES = {
  uk: { uk: 'українська', en: 'Ukrainian' },
  crh: { uk: 'кримськотатарська', en: 'Crimean Tatar' },
  en: { uk: 'англійська', en: 'English' },
  de: { uk: 'німецька', en: 'German' },
  fr: { uk: 'французька', en: 'French' },
  es: { uk: 'іспанська', en: 'Spanish' },
  it: { uk: 'італійська', en: 'Italian' },
  pt: { uk: 'португальська', en: 'Portuguese' },
  pl: { uk: 'польська', en: 'Polish' },
  hu: { uk: 'угорська', en: 'Hungarian' },
  ro: { uk: 'румунська', en: 'Romanian' },
  bg: { uk: 'болгарська', en: 'Bulgarian' },
  sk: { uk: 'словацька', en: 'Slovak' },
  cs: { uk: 'чеська', en: 'Czech' },
  el: { uk: 'грецька', en: 'Greek' },
  lt: { uk: 'литовська', en: 'Lithuanian' },
  lv: { uk: 'латиська', en: 'Latvian' },
  et: { uk: 'естонська', en: 'Estonian' },
  he: { uk: 'іврит', en: 'Hebrew' },
  yi: { uk: 'їдиш', en: 'Yiddish' },
  gag: { uk: 'гагаузька', en: 'Gagauz' },
  be: { uk: 'білоруська', en: 'Belarusian' },
  ru: { uk: 'російська', en: 'Russian' },
  hy: { uk: 'вірменська', en: 'Armenian' },
  ka: { uk: 'грузинська', en: 'Georgian' },
  az: { uk: 'азербайджанська', en: 'Azerbaijani' },
  tr: { uk: 'турецька', en: 'Turkish' },
  ar: { uk: 'арабська', en: 'Arabic' },
  zh: { uk: 'китайська', en: 'Chinese' },
  ja: { uk: 'японська', en: 'Japanese' },
  ko: { uk: 'корейська', en: 'Korean' },
} as const satisfies Record<string, Label>;
export type InstructionLanguage = keyof typeof INSTRUCTION_LANGUAGES;

/** Grades the schema admits; a deployment narrows them (grade 12 comes with the reform, DOMAIN.md § 4). */
export const SCHEMA_GRADES = { min: 1, max: 12 } as const;

const IsoDate = Type.String({ format: 'date', pattern: ISO_DATE_PATTERN.source, description: 'ISO date YYYY-MM-DD' });
const Katottg = Type.String({ pattern: KATOTTG_PATTERN.source, description: 'KATOTTH code: UA and 17 digits' });
const Country = Type.Enum([...COUNTRY_CODES], { description: 'ISO 3166-1 alpha-2 country code' });
const ForeignCountry = Type.Enum(
  COUNTRY_CODES.filter((c) => c !== UKRAINE),
  { description: 'ISO 3166-1 alpha-2 code of a country other than Ukraine' },
);
const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const strict = { additionalProperties: false } as const;

/** A name part: letters and their rules are checked by the catalogue, the schema bounds the length. */
const NamePart = Text(100);

/**
 * A Ukrainian birth certificate: the canonical series (Roman numeral of Cyrillic І, Х and Latin V, a hyphen, two
 * Ukrainian capitals; up to ХХХІХ) and six digits.
 */
export const UkrainianBirthCertificateSchema = Type.Object(
  {
    series: Type.String({ pattern: '^(?=[ІVХ])Х{0,3}(?:ІХ|ІV|V?І{0,3})-[А-ЩЬЮЯҐЄІЇ]{2}$', description: 'e.g. І-БК' }),
    number: Type.String({ pattern: '^\\d{6}$' }),
    issuedCountry: Type.Optional(Type.Literal(UKRAINE)),
  },
  { ...strict, title: 'UkrainianBirthCertificate' },
);

/** A birth certificate issued abroad: free-form series (many countries have none) and number, and the country. */
export const ForeignBirthCertificateSchema = Type.Object(
  {
    series: Type.Optional(Text(50)),
    number: Text(50),
    issuedCountry: ForeignCountry,
  },
  { ...strict, title: 'ForeignBirthCertificate' },
);

export const BirthCertificateSchema = Type.Union([UkrainianBirthCertificateSchema, ForeignBirthCertificateSchema]);

export const ResidenceSchema = Type.Object(
  { katottg: Type.Optional(Katottg), address: Type.Optional(Text(500)) },
  { ...strict, minProperties: 1 },
);

export const DisplacementSchema = Type.Object(
  {
    status: Type.Enum(codesOf(DISPLACEMENT_STATUSES)),
    since: Type.Optional(IsoDate),
    originKatottg: Type.Optional(Katottg),
    country: Type.Optional(Country),
    idpCertificate: Type.Optional(Text(50, 'number of the IDP certificate (довідка ВПО)')),
  },
  strict,
);

export const ContactSchema = Type.Object(
  {
    status: Type.Enum(codesOf(CONTACT_STATUSES)),
    lostSince: Type.Optional(IsoDate),
    note: Type.Optional(Text(1000, 'what was tried to restore contact')),
  },
  strict,
);

export const EnrollmentSchema = Type.Object(
  {
    schoolEdrpou: Type.String({ pattern: '^\\d{8}$', description: 'ЄДРПОУ code of the school' }),
    schoolYear: Type.String({ pattern: '^\\d{4}-\\d{4}$', description: 'e.g. 2025-2026' }),
    grade: Type.Integer({ minimum: SCHEMA_GRADES.min, maximum: SCHEMA_GRADES.max }),
    classLetter: Type.Optional(
      Type.String({
        pattern: CLASS_LETTER_PATTERN.source,
        description: 'e.g. А (class 5-А), or 1 for a numbered class',
      }),
    ),
    entryDate: Type.Optional(IsoDate),
    orderNumber: Type.Optional(Text(50, 'number of the enrolment order')),
  },
  strict,
);

export const PupilRecordSchema = Type.Object(
  {
    externalId: Type.Optional(Text(100, "the platform's own id of the pupil (platforms only)")),
    lastName: NamePart,
    firstName: NamePart,
    middleName: Type.Optional(NamePart),
    sex: Type.Enum(codesOf(SEXES)),
    birthDate: Type.Optional(IsoDate),
    birthCertificate: Type.Optional(BirthCertificateSchema),
    unzr: Type.Optional(Type.String({ pattern: '^\\d{8}-\\d{5}$', description: 'УНЗР, YYYYMMDD-NNNNC' })),
    rnokpp: Type.Optional(Type.String({ pattern: '^\\d{10}$', description: 'РНОКПП, 10 digits' })),
    citizenship: Type.Optional(Country),
    residence: Type.Optional(ResidenceSchema),
    displacement: Type.Optional(DisplacementSchema),
    contact: Type.Optional(ContactSchema),
    educationForm: Type.Optional(Type.Enum(codesOf(EDUCATION_FORMS))),
    specialNeeds: Type.Optional(Type.Boolean()),
    instructionLanguage: Type.Optional(Type.Enum(codesOf(INSTRUCTION_LANGUAGES))),
    enrollment: Type.Optional(EnrollmentSchema),
  },
  { ...strict, title: 'PupilRecord' },
);

export type PupilRecord = Static<typeof PupilRecordSchema>;
export type BirthCertificate = Static<typeof BirthCertificateSchema>;
export type Displacement = Static<typeof DisplacementSchema>;
export type Contact = Static<typeof ContactSchema>;
export type Enrollment = Static<typeof EnrollmentSchema>;
export type Residence = Static<typeof ResidenceSchema>;
