/**
 * The parameter set of the subvention formula for one budget year: every value with its source and a `verified`
 * flag, so that a confirmed coefficient is a data change, not a code change, and the portal shows an unverified value
 * as such (SUBVENTION-AND-ZNZ1.md: [V] verified in a public source, [I] inferred).
 *
 * Numbers are decimal text (`"13.5"`), read exactly (decimal.ts); the total is whole kopiyky as digits.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { ISO_DATE_PATTERN, isRealDate } from '../iso-date';
import { KATOTTG_PATTERN } from '../territory';
import { CLASS_SIZE_TABLE_SOURCE, classSizeTableProblems, KNOWN_CLASS_SIZE_TABLE } from './class-size-table';
import { DECIMAL_PATTERN, parseDecimal } from './decimal';
import { GROUP_IDS, GROUP_LABELS, LEVEL_LABELS, LEVELS } from './groups';
import { KOPIYKY_PATTERN, MAX_SAFE_KOPIYKY } from './money';

/** A value with where it comes from and whether it was checked there. */
const Sourced = <T extends TSchema>(value: T, description: string) =>
  Type.Object(
    {
      value,
      source: Type.String({ maxLength: 2000, description: 'Where the value comes from; empty when not known' }),
      verified: Type.Boolean({ description: 'True only when the value was read in the source named' }),
      note: Type.Optional(Type.String({ maxLength: 2000 })),
    },
    { additionalProperties: false, description },
  );

const Dec = Type.String({ pattern: DECIMAL_PATTERN.source, description: 'Decimal, up to 6 places, «.» separator' });
const Code = Type.String({ pattern: KATOTTG_PATTERN.source, description: 'KATOTTH code' });
const Kopiyky = Type.String({ pattern: KOPIYKY_PATTERN.source, description: 'Whole kopiyky, digits' });

const ClassSizeTableSchema = Type.Object(
  {
    densityBounds: Type.Array(Dec, { minItems: 1, maxItems: 30 }),
    ruralBounds: Type.Array(Dec, { minItems: 1, maxItems: 30 }),
    values: Type.Array(Type.Array(Dec, { maxItems: 31 }), { maxItems: 31 }),
  },
  { additionalProperties: false },
);

const ThresholdSchema = Type.Object(
  {
    gradeFrom: Type.Integer({ minimum: 1, maximum: 12 }),
    gradeTo: Type.Integer({ minimum: 1, maximum: 12 }),
    minPupils: Type.Integer({ minimum: 1, maximum: 10000 }),
  },
  { additionalProperties: false },
);

export const SubventionParametersSchema = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    budgetYear: Type.Integer({ minimum: 2018, maximum: 2100 }),
    total: Sourced(Kopiyky, 'ОС: the total of the education subvention to allocate, kopiyky'),
    groups: Type.Object(
      {
        I: Sourced(Dec, 'Weight of pupil group I'),
        II: Sourced(Dec, 'Weight of pupil group II'),
        III: Sourced(Dec, 'Weight of pupil group III'),
        IV: Sourced(Dec, 'Weight of pupil group IV'),
        V: Sourced(Dec, 'Weight of pupil group V'),
        VI: Sourced(Dec, 'Weight of pupil group VI'),
      },
      { additionalProperties: false },
    ),
    levels: Type.Object(
      {
        primary: Sourced(Dec, 'Weight of the primary level (grades 1–4)'),
        basic: Sourced(Dec, 'Weight of the basic level (grades 5–9)'),
        profile: Sourced(Dec, 'Weight of the profile level (grades 10–12)'),
      },
      { additionalProperties: false },
    ),
    classSize: Type.Object(
      {
        rule: Sourced(
          Type.Enum(['normative', 'normative-or-actual']),
          'How group I counts class size: the norm alone, or the larger of the norm and the actual size',
        ),
        referenceSize: Sourced(Dec, 'Class size at which a group I pupil weighs exactly the group weight'),
        table: Sourced(ClassSizeTableSchema, 'Normative class size by pupil density and rural share'),
        cityNorm: Sourced(Dec, 'Normative class size of cities (of oblast significance, Kyiv, Sevastopol)'),
        cityBudgets: Sourced(
          Type.Object(
            {
              specialStatusCities: Type.Boolean(),
              codes: Type.Array(Code, { maxItems: 2000 }),
              urbanHromadas: Type.Union([
                Type.Null(),
                Type.Object(
                  { maxRuralSharePct: Dec, minPupils: Type.Integer({ minimum: 0 }) },
                  { additionalProperties: false },
                ),
              ]),
            },
            { additionalProperties: false },
          ),
          'Which budgets take the city norm',
        ),
      },
      { additionalProperties: false },
    ),
    density: Type.Object(
      {
        areasKm2: Sourced(
          Type.Record(Type.String({ pattern: KATOTTG_PATTERN.source }), Dec),
          'Area of a hromada or oblast, km², by KATOTTH code',
        ),
        km2PerSettlement: Sourced(Dec, 'Proxy area per settlement of the codifier, km², where no area is given'),
      },
      { additionalProperties: false },
    ),
    adjustments: Type.Object(
      {
        specialNeeds: Sourced(Dec, 'Extra weight of a pupil with special educational needs in an inclusive class'),
        minorityLanguage: Sourced(Dec, 'Extra weight of a pupil taught in a minority language'),
        minorityLanguages: Sourced(
          Type.Array(Type.String({ pattern: '^[a-z]{2,3}$' }), { maxItems: 60 }),
          'Languages of instruction that count as minority languages',
        ),
        transport: Sourced(Dec, 'Extra weight of a pupil who lives in another settlement than the school'),
        mountain: Sourced(Dec, 'Extra weight of a pupil of a school in a mountain settlement'),
        mountainSettlements: Sourced(
          Type.Array(Code, { maxItems: 5000 }),
          'Mountain settlements (or hromadas), KATOTTH codes',
        ),
      },
      { additionalProperties: false },
    ),
    reduction: Type.Object(
      {
        coefficient: Sourced(Dec, 'Reduction coefficient (коефіцієнт скорочення)'),
        scope: Sourced(
          Type.Enum(['occupied', 'listed']),
          'Where it applies: budgets on the list of occupied territories on the date, or listed budgets',
        ),
        budgets: Sourced(Type.Array(Code, { maxItems: 2000 }), 'Budgets the coefficient applies to (scope listed)'),
      },
      { additionalProperties: false },
    ),
    minimumSchoolSize: Sourced(
      Type.Object(
        {
          effectiveFrom: Type.String({ pattern: ISO_DATE_PATTERN.source }),
          thresholds: Type.Array(ThresholdSchema, { maxItems: 20 }),
          exemptSchoolTypes: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 20 }),
        },
        { additionalProperties: false },
      ),
      'No subvention for schools below a number of pupils, from a date',
    ),
    budgets: Type.Object(
      { privateSchools: Sourced(Type.Enum(['excluded', 'hromada']), 'Whether private schools count for a hromada') },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, $id: 'SubventionParameters' },
);

export type SubventionParameters = Static<typeof SubventionParametersSchema>;

export interface SourcedValue<T = unknown> {
  value: T;
  source: string;
  verified: boolean;
  note?: string;
}

/** Ukrainian names of the parameters, by JSON pointer of their `Sourced` node. */
export const PARAMETER_LABELS: Readonly<Record<string, string>> = {
  '/total': 'Загальний обсяг освітньої субвенції (ОС)',
  ...Object.fromEntries(GROUP_IDS.map((g) => [`/groups/${g}`, `Вага групи ${g}: ${GROUP_LABELS[g]}`])),
  ...Object.fromEntries(LEVELS.map((l) => [`/levels/${l}`, `Вага рівня: ${LEVEL_LABELS[l]}`])),
  '/classSize/rule': 'Правило наповнюваності для групи I',
  '/classSize/referenceSize': 'Базова наповнюваність (за якої вага учня групи I дорівнює вазі групи)',
  '/classSize/table': 'Таблиця розрахункової наповнюваності класів (щільність учнів × частка сільського населення)',
  '/classSize/cityNorm': 'Розрахункова наповнюваність для міст',
  '/classSize/cityBudgets': 'Бюджети, до яких застосовується міський норматив',
  '/density/areasKm2': 'Площі громад та областей, км²',
  '/density/km2PerSettlement': 'Наближена площа на один населений пункт, км²',
  '/adjustments/specialNeeds': 'Надбавка за учня з особливими освітніми потребами в інклюзивному класі',
  '/adjustments/minorityLanguage': 'Надбавка за навчання мовою національної меншини',
  '/adjustments/minorityLanguages': 'Мови навчання, що вважаються мовами меншин',
  '/adjustments/transport': 'Надбавка за підвезення (учень живе в іншому населеному пункті)',
  '/adjustments/mountain': 'Надбавка для гірських населених пунктів',
  '/adjustments/mountainSettlements': 'Перелік гірських населених пунктів (коди КАТОТТГ)',
  '/reduction/coefficient': 'Коефіцієнт скорочення',
  '/reduction/scope': 'Сфера дії коефіцієнта скорочення',
  '/reduction/budgets': 'Бюджети, до яких застосовується коефіцієнт скорочення',
  '/minimumSchoolSize': 'Мінімальна кількість учнів закладу для спрямування субвенції',
  '/budgets/privateSchools': 'Учні приватних закладів',
};

function isSourced(node: unknown): node is SourcedValue {
  return (
    typeof node === 'object' &&
    node !== null &&
    'value' in node &&
    'source' in node &&
    'verified' in node &&
    typeof (node as { verified: unknown }).verified === 'boolean'
  );
}

export interface ParameterEntry extends SourcedValue {
  path: string;
  label: string;
}

/** Every value of a parameter set with its path, label, source and flag (for the portal and the explanation). */
export function parameterEntries(params: SubventionParameters): ParameterEntry[] {
  const out: ParameterEntry[] = [];
  const walk = (node: unknown, path: string) => {
    if (isSourced(node)) {
      out.push({ path, label: PARAMETER_LABELS[path] ?? path, ...node });
      return;
    }
    if (typeof node === 'object' && node !== null && !Array.isArray(node))
      for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`);
  };
  walk(params, '');
  return out;
}

/** Paths of the values that are not verified (the portal marks them). */
export function unverifiedPaths(params: SubventionParameters): string[] {
  return parameterEntries(params)
    .filter((e) => !e.verified)
    .map((e) => e.path);
}

export interface ParameterIssue {
  path: string;
  message: string;
}

let validator: Validator | undefined;

/**
 * Problems of a parameter set: its shape (schema), then the rules the schema cannot state. Empty when it can be
 * used for an allocation.
 */
export function checkParameters(input: unknown): ParameterIssue[] {
  validator ??= Compile(SubventionParametersSchema);
  const shape = [...validator.Errors(input)].map((e) => ({
    path: e.instancePath || '/',
    message: `не відповідає схемі: ${e.message}`,
  }));
  if (shape.length > 0) return shape.slice(0, 50);
  const p = input as SubventionParameters;
  const issues: ParameterIssue[] = [];
  const positive = (path: string, value: string) => {
    if (parseDecimal(value) <= 0n) issues.push({ path, message: 'значення має бути більшим за нуль' });
  };
  if (BigInt(p.total.value) > MAX_SAFE_KOPIYKY)
    issues.push({ path: '/total/value', message: 'обсяг перевищує найбільше допустиме значення' });
  if (GROUP_IDS.every((g) => parseDecimal(p.groups[g].value) === 0n))
    issues.push({ path: '/groups', message: 'хоча б одна група має мати ненульову вагу' });
  for (const l of LEVELS) positive(`/levels/${l}/value`, p.levels[l].value);
  positive('/classSize/referenceSize/value', p.classSize.referenceSize.value);
  positive('/classSize/cityNorm/value', p.classSize.cityNorm.value);
  positive('/density/km2PerSettlement/value', p.density.km2PerSettlement.value);
  for (const [code, area] of Object.entries(p.density.areasKm2.value))
    positive(`/density/areasKm2/value/${code}`, area);
  for (const message of classSizeTableProblems(p.classSize.table.value))
    issues.push({ path: '/classSize/table/value', message });
  const rule = p.minimumSchoolSize.value;
  if (!isRealDate(rule.effectiveFrom))
    issues.push({ path: '/minimumSchoolSize/value/effectiveFrom', message: 'неіснуюча дата' });
  rule.thresholds.forEach((t, i) => {
    if (t.gradeFrom > t.gradeTo)
      issues.push({
        path: `/minimumSchoolSize/value/thresholds/${i}`,
        message: 'початковий клас не може бути старшим за кінцевий',
      });
  });
  const cities = p.classSize.cityBudgets.value.urbanHromadas;
  if (cities && parseDecimal(cities.maxRuralSharePct) > 100_000_000n)
    issues.push({ path: '/classSize/cityBudgets/value/urbanHromadas/maxRuralSharePct', message: 'не більше 100 %' });
  return issues;
}

/**
 * RFC 7396 JSON Merge Patch: objects merge member by member, anything else (arrays included) replaces, `null`
 * removes. Returns a new value; the inputs are not changed.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return structuredClone(patch);
  const base: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? structuredClone(target as Record<string, unknown>)
      : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k], v);
  }
  return base;
}

export interface ParameterChange {
  path: string;
  label: string;
  before: unknown;
  after: unknown;
}

/** The values that differ between two parameter sets. */
export function diffParameters(before: SubventionParameters, after: SubventionParameters): ParameterChange[] {
  const a = new Map(parameterEntries(before).map((e) => [e.path, e]));
  return parameterEntries(after)
    .filter((e) => JSON.stringify(a.get(e.path)?.value) !== JSON.stringify(e.value))
    .map((e) => ({ path: e.path, label: e.label, before: a.get(e.path)?.value, after: e.value }));
}

/**
 * A scenario's parameters: the base set with the changes merged in. A value the scenario changes is its own, not the
 * source's: unless the change states its source and flag, it is marked unverified with the scenario as its source.
 */
export function applyScenario(base: SubventionParameters, changes: unknown, scenarioName: string): unknown {
  const merged = mergePatch(base, changes);
  const check = checkParameters(merged);
  if (check.length > 0) return merged;
  const next = merged as SubventionParameters;
  const given = new Set<string>();
  const walk = (node: unknown, path: string) => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
    if ('source' in node || 'verified' in node) given.add(path);
    for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`);
  };
  walk(changes, '');
  for (const change of diffParameters(base, next)) {
    if (given.has(change.path)) continue;
    const node = change.path
      .split('/')
      .slice(1)
      .reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], next) as SourcedValue;
    node.source = `сценарій «${scenarioName}»`;
    node.verified = false;
    delete node.note;
  }
  return next;
}

const NOT_VERIFIED = 'Значення не перевірено за текстом постанови; задане для моделювання.';

/**
 * The default parameter set shipped with the program for a budget year: the verified class-size table and the
 * school-size rule, and placeholders for everything the design note marks as not verified (their source left empty).
 * It is labelled as such wherever it is shown.
 */
export function defaultParameters(budgetYear: number): SubventionParameters {
  const unverified = <T>(value: T, note: string = NOT_VERIFIED): SourcedValue<T> => ({
    value,
    source: '',
    verified: false,
    note,
  });
  return {
    schemaVersion: 1,
    budgetYear,
    total: {
      value: '10320000000000',
      source: 'Постанова КМУ № 245 від 05.03.2024: обсяг освітньої субвенції на 2024 рік — 103,2 млрд грн',
      verified: false,
      note:
        budgetYear === 2024
          ? 'Округлене значення з постанови; точну суму до копійки звірте із законом про Державний бюджет України на 2024 рік.'
          : `Орієнтир — обсяг 2024 року. Замініть обсягом із закону про Державний бюджет України на ${budgetYear} рік.`,
    },
    groups: {
      I: unverified('1'),
      II: unverified('2.5'),
      III: unverified('0.6'),
      IV: unverified('0.35'),
      V: unverified('0.2'),
      VI: unverified('0.2'),
    },
    levels: {
      primary: unverified('1'),
      basic: unverified(
        '1.35',
        'Орієнтир: співвідношення гранично допустимого тижневого навантаження учнів 5–9 і 1–4 класів (≈ 31 : 23 год) за типовими освітніми програмами; у формулі не перевірено.',
      ),
      profile: unverified(
        '1.43',
        'Орієнтир: співвідношення тижневого навантаження 10–11(12) і 1–4 класів (≈ 33 : 23 год); у формулі не перевірено.',
      ),
    },
    classSize: {
      rule: unverified(
        'normative-or-actual',
        'Виведено з опису формули 2019 р. (≈ 1 000 грн на учня за кожного учня різниці між фактичною й розрахунковою наповнюваністю): для групи I враховується більша з двох — фактична наповнюваність вища за нормативну зменшує кількість класів до оплати, нижча її не збільшує. Не перевірено.',
      ),
      referenceSize: unverified('25', 'Наповнюваність, за якої вага учня групи I дорівнює вазі групи.'),
      table: { value: structuredClone(KNOWN_CLASS_SIZE_TABLE), source: CLASS_SIZE_TABLE_SOURCE, verified: true },
      cityNorm: unverified(
        '25',
        'Орієнтир — середня фактична наповнюваність класів колишніх міст обласного значення у 2021 р.: 26,62 / 26,34 / 24,61 учня (1–4 / 5–9 / 10–12 класи). Норматив у постанові не перевірено.',
      ),
      cityBudgets: unverified(
        { specialStatusCities: true, codes: [], urbanHromadas: { maxRuralSharePct: '10', minPupils: 3000 } },
        'Міст обласного значення кодифікатор не позначає (з 2020 р. їх не виділяють). Наближення: Київ і Севастополь, а також громади з містом, де в сільських закладах навчається не більше 10 % учнів і всього учнів не менше 3 000. Перелік можна задати кодами КАТОТТГ.',
      ),
    },
    density: {
      areasKm2: unverified<Record<string, string>>(
        {},
        'Площ громад у кодифікаторі немає. Задайте площу (км²) за кодом КАТОТТГ громади чи області; де її немає, діє наближення нижче.',
      ),
      km2PerSettlement: {
        value: '20.32',
        source:
          'Наближення: площа України 603 628 км² / 29 705 населених пунктів кодифікатора (міста, селища, села; ред. 16.05.2025) ≈ 20,32 км².',
        verified: false,
        note: 'Площа громади вважається пропорційною кількості її населених пунктів. Замініть справжніми площами, щойно їх буде завантажено.',
      },
    },
    adjustments: {
      specialNeeds: unverified('1'),
      minorityLanguage: unverified('0.1'),
      minorityLanguages: unverified(
        ['crh', 'hu', 'ro', 'pl', 'bg', 'sk', 'cs', 'el', 'de', 'lt', 'gag', 'yi', 'he', 'be', 'hy'],
        'Мови корінних народів і національних меншин (Закон «Про освіту», ст. 7); перелік для формули не перевірено.',
      ),
      transport: unverified(
        '0.1',
        'Реєстр не знає, кого підвозять: наближення — учні, що проживають в іншому населеному пункті, ніж заклад. Значення не перевірено.',
      ),
      mountain: unverified('0.15'),
      mountainSettlements: unverified<string[]>(
        [],
        'Гірських населених пунктів кодифікатор не позначає; перелік (коди КАТОТТГ населених пунктів або громад) порожній, доки його не завантажено.',
      ),
    },
    reduction: {
      coefficient: {
        value: '1',
        source:
          'Коефіцієнт скорочення запроваджено постановою КМУ № 245 від 05.03.2024; значення й сферу дії тут не перевірено.',
        verified: false,
        note: 'Значення 1 не змінює розподілу; задайте коефіцієнт у сценарії.',
      },
      scope: unverified<'occupied' | 'listed'>(
        'occupied',
        'Бюджети громад, що на дату розрахунку є в переліку тимчасово окупованих територій.',
      ),
      budgets: unverified<string[]>([]),
    },
    minimumSchoolSize: {
      value: {
        effectiveFrom: '2026-09-01',
        thresholds: [
          { gradeFrom: 1, gradeTo: 12, minPupils: 60 },
          { gradeFrom: 1, gradeTo: 11, minPupils: 55 },
          { gradeFrom: 1, gradeTo: 9, minPupils: 45 },
          { gradeFrom: 5, gradeTo: 11, minPupils: 45 },
        ],
        exemptSchoolTypes: ['primary', 'special', 'rehabilitation'],
      },
      source:
        'З 01.09.2026 освітня субвенція не спрямовується на заклади, у яких менше 60 учнів (1–12 класи), 55 (1–11) або 45 (1–9 чи 5–11(12)); початкові й спеціальні заклади — винятки (SUBVENTION-AND-ZNZ1.md, позначка [V]). Пункт акта (зміни 2024 р. до постанов КМУ № 6 від 14.01.2015 і № 1088 від 27.12.2017) звірити.',
      verified: true,
      note: 'У бюджетному році дії правила учні такого закладу враховуються лише за місяці до дати набрання чинності.',
    },
    budgets: {
      privateSchools: unverified<'excluded' | 'hromada'>(
        'excluded',
        'Умови спрямування субвенції приватним закладам змінено постановою КМУ № 245 від 05.03.2024; у моделі учні приватних закладів типово не враховуються.',
      ),
    },
  };
}

/** The title of the shipped default set, which says what it is. */
export function defaultParametersName(budgetYear: number): string {
  return `Типовий набір параметрів на ${budgetYear} рік (демонстраційний: більшість значень не перевірено)`;
}
