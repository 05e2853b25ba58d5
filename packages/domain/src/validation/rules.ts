/**
 * The validation catalogue of the pupil exchange record: every rule with its stable code, the JSON Pointer of the
 * field it checks, its severity, its message in Ukrainian and English and the source it rests on. Data, so that the
 * portal can list the rules and a campaign can require some of them; `validatePupil` produces issues only with the
 * codes listed here.
 *
 * Severity follows the UK census practice of separating errors from queries (DOMAIN.md § 9): an `error` means the
 * record cannot be saved; a `warning` means it is saved and listed for review. Where a fact is unverified
 * (DOMAIN.md: the УНЗР check digit) the rule is a warning so that a wrong assumption cannot block a school.
 */

export type Severity = 'error' | 'warning';

/** The four indicators of the MON letter of 27.06.2023 (DOMAIN.md § 1). */
export type IndicatorNumber = 1 | 2 | 3 | 4;

export interface RuleDefinition {
  severity: Severity;
  /**
   * JSON Pointer of the checked field; `*` for the rules of the record's shape, which apply to any field (the issue
   * then carries the field's own pointer).
   */
  path: string;
  message: { uk: string; en: string };
  source: string;
  /** The MON indicator the rule checks, when it checks one. */
  indicator?: IndicatorNumber;
}

const RECORD = 'ARCHITECTURE.md, «The pupil exchange record»';
const MON_LETTER = 'лист МОН від 27.06.2023 щодо перевірки чотирьох показників; DOMAIN.md § 1';
const CERTIFICATE =
  'Правила державної реєстрації актів цивільного стану в Україні (наказ Мінʼюсту № 52/5 від 18.10.2000), форма свідоцтва про народження; DOMAIN.md § 3';
const UNZR =
  'Закон «Про Єдиний державний демографічний реєстр та документи, що підтверджують громадянство України, посвідчують особу чи її спеціальний статус», ст. 7; DOMAIN.md § 3';
const RNOKPP = 'Податковий кодекс України, ст. 70; DOMAIN.md § 3';
const NAMES = 'Цивільний кодекс України, ст. 28; Український правопис (2019), § 7; DOMAIN.md § 3';
const AGE = 'Закон «Про освіту», ст. 12 ч. 4 (початкова освіта здобувається, як правило, з шести років); DOMAIN.md § 4';
const KATOTTG =
  'Кодифікатор адміністративно-територіальних одиниць та територій територіальних громад (наказ Мінрегіону № 290 від 26.11.2020); DOMAIN.md § 5';
const HOSTILITIES =
  'Перелік територій, на яких ведуться (велися) бойові дії або тимчасово окупованих Російською Федерацією (наказ Мінрегіону № 376 від 28.02.2025); DOMAIN.md § 5';
const IDP = 'Закон «Про забезпечення прав і свобод внутрішньо переміщених осіб», ст. 1; DOMAIN.md § 3';
const COUNTRY = 'ДСТУ ISO 3166-1:2009 «Коди назв країн світу»';
const ENROLMENT =
  'Порядок зарахування, відрахування та переведення учнів (наказ МОН № 367 від 16.04.2018); DOMAIN.md § 4';
const SCHOOL_YEAR =
  'Закон «Про повну загальну середню освіту», ст. 10 (навчальний рік починається 1 вересня); DOMAIN.md § 4';
const EDRPOU =
  'Положення про Єдиний державний реєстр підприємств та організацій України (постанова КМУ № 118 від 22.01.1996); DOMAIN.md § 5';
const SEX = 'форма № ЗНЗ-1 (наказ МОН № 868 від 30.07.2021): учні за статтю; DOMAIN.md § 3';

const INDICATOR_MISSING_UK = 'це один із чотирьох показників, які МОН просить перевірити для кожного учня';
const INDICATOR_MISSING_EN = 'one of the four indicators MON asks to check for every pupil';

const nameRules = <P extends string>(
  prefix: P,
  path: string,
  uk: { the: string; in: string },
  en: string,
): Record<`${P}_DIGITS` | `${P}_CHARACTERS` | `${P}_LATIN_LOOKALIKE`, RuleDefinition> =>
  ({
    [`${prefix}_DIGITS`]: {
      severity: 'error',
      path,
      message: { uk: `${uk.the} не може містити цифр.`, en: `The ${en} cannot contain digits.` },
      source: NAMES,
    },
    [`${prefix}_CHARACTERS`]: {
      severity: 'error',
      path,
      message: {
        uk: `${uk.the} має складатися з українських літер; апостроф, дефіс і пробіл допускаються лише між літерами.`,
        en: `The ${en} must consist of Ukrainian letters; an apostrophe, hyphen or space may stand only between letters.`,
      },
      source: NAMES,
    },
    [`${prefix}_LATIN_LOOKALIKE`]: {
      severity: 'warning',
      path,
      message: {
        uk: `${uk.in} латинські літери, схожі на українські, замінено українськими; перевірте написання.`,
        en: `Latin letters that look like Ukrainian ones in the ${en} were replaced by Ukrainian letters; check the spelling.`,
      },
      source: NAMES,
    },
  }) as Record<`${P}_DIGITS` | `${P}_CHARACTERS` | `${P}_LATIN_LOOKALIKE`, RuleDefinition>;

export const VALIDATION_RULES = {
  // The record's shape.
  SCHEMA_NOT_OBJECT: {
    severity: 'error',
    path: '',
    message: {
      uk: 'Запис учня має бути обʼєктом JSON із полями обмінного формату.',
      en: 'The pupil record must be a JSON object with the fields of the exchange format.',
    },
    source: RECORD,
  },
  SCHEMA_UNKNOWN_FIELD: {
    severity: 'error',
    path: '*',
    message: {
      uk: 'Невідоме поле: обмінний формат такого поля не передбачає.',
      en: 'Unknown field: the exchange format has no such field.',
    },
    source: RECORD,
  },
  // The field rules report the required fields by name (LAST_NAME_REQUIRED …); this one is the safety net for a
  // required field the schema gains before the field rules learn of it.
  SCHEMA_REQUIRED: {
    severity: 'error',
    path: '*',
    message: { uk: 'Обовʼязкове поле не заповнено.', en: 'A required field is empty.' },
    source: RECORD,
  },
  SCHEMA_TYPE: {
    severity: 'error',
    path: '*',
    message: {
      uk: 'Значення має неправильний тип (наприклад, число замість тексту або текст замість обʼєкта).',
      en: 'The value has the wrong type (e.g. a number instead of text, or text instead of an object).',
    },
    source: RECORD,
  },
  SCHEMA_ENUM: {
    severity: 'error',
    path: '*',
    message: {
      uk: 'Значення не входить до переліку допустимих кодів.',
      en: 'The value is not one of the allowed codes.',
    },
    source: RECORD,
  },
  SCHEMA_TOO_LONG: {
    severity: 'error',
    path: '*',
    message: { uk: 'Значення задовге.', en: 'The value is too long.' },
    source: RECORD,
  },
  SCHEMA_INVALID_VALUE: {
    severity: 'error',
    path: '*',
    message: {
      uk: 'Значення не відповідає обмінному формату.',
      en: 'The value does not match the exchange format.',
    },
    source: RECORD,
  },

  // Names.
  LAST_NAME_REQUIRED: {
    severity: 'error',
    path: '/lastName',
    message: { uk: 'Зазначте прізвище учня.', en: "Enter the pupil's last name." },
    source: NAMES,
  },
  FIRST_NAME_REQUIRED: {
    severity: 'error',
    path: '/firstName',
    message: { uk: 'Зазначте імʼя учня.', en: "Enter the pupil's first name." },
    source: NAMES,
  },
  ...nameRules('LAST_NAME', '/lastName', { the: 'Прізвище', in: 'У прізвищі' }, 'last name'),
  ...nameRules('FIRST_NAME', '/firstName', { the: 'Імʼя', in: 'В імені' }, 'first name'),
  ...nameRules('MIDDLE_NAME', '/middleName', { the: 'По батькові', in: 'У написанні по батькові' }, 'patronymic'),
  MIDDLE_NAME_SEX_MISMATCH: {
    severity: 'warning',
    path: '/middleName',
    message: {
      uk: 'Закінчення по батькові не відповідає статі учня (-ович, -ич — чоловіче; -івна, -ївна, -ична — жіноче).',
      en: "The patronymic's ending does not match the pupil's sex (-ovych, -ych male; -ivna, -yivna, -ychna female).",
    },
    source: NAMES,
  },

  // Sex and birth date (indicator 2).
  SEX_REQUIRED: {
    severity: 'error',
    path: '/sex',
    message: { uk: 'Зазначте стать учня.', en: "Enter the pupil's sex." },
    source: SEX,
  },
  BIRTH_DATE_MISSING: {
    severity: 'warning',
    path: '/birthDate',
    message: {
      uk: `Не зазначено дату народження — ${INDICATOR_MISSING_UK}.`,
      en: `The birth date is missing: ${INDICATOR_MISSING_EN}.`,
    },
    source: MON_LETTER,
    indicator: 2,
  },
  BIRTH_DATE_INVALID: {
    severity: 'error',
    path: '/birthDate',
    message: {
      uk: 'Дата народження має бути справжньою датою у форматі РРРР-ММ-ДД, не раніше 1900 року.',
      en: 'The birth date must be a real date as YYYY-MM-DD, not before 1900.',
    },
    source: RECORD,
    indicator: 2,
  },
  BIRTH_DATE_IN_FUTURE: {
    severity: 'error',
    path: '/birthDate',
    message: { uk: 'Дата народження не може бути в майбутньому.', en: 'The birth date cannot be in the future.' },
    source: MON_LETTER,
    indicator: 2,
  },
  BIRTH_DATE_AGE_UNUSUAL: {
    severity: 'warning',
    path: '/birthDate',
    message: {
      uk: 'Вік учня на 1 вересня незвичний для цього класу; перевірте дату народження і клас.',
      en: "The pupil's age on 1 September is unusual for the grade; check the birth date and the grade.",
    },
    source: AGE,
    indicator: 2,
  },
  BIRTH_DATE_AGE_IMPOSSIBLE: {
    severity: 'error',
    path: '/birthDate',
    message: {
      uk: 'Учень такого віку на 1 вересня не може навчатися в цьому класі; перевірте дату народження і клас.',
      en: 'A pupil of this age on 1 September cannot be in this grade; check the birth date and the grade.',
    },
    source: AGE,
    indicator: 2,
  },
  BIRTH_DATE_DAY_MONTH_SWAP: {
    severity: 'warning',
    path: '/birthDate',
    message: {
      uk: 'Можливо, у даті народження переплутано день і місяць; перевірте за свідоцтвом про народження.',
      en: 'The day and month of the birth date may be swapped; check against the birth certificate.',
    },
    source: MON_LETTER,
    indicator: 2,
  },

  // Birth certificate (indicator 1).
  BIRTH_CERT_MISSING: {
    severity: 'warning',
    path: '/birthCertificate',
    message: {
      uk: `Не зазначено серію та номер свідоцтва про народження — ${INDICATOR_MISSING_UK}.`,
      en: `The birth certificate series and number are missing: ${INDICATOR_MISSING_EN}.`,
    },
    source: MON_LETTER,
    indicator: 1,
  },
  BIRTH_CERT_SERIES_REQUIRED: {
    severity: 'error',
    path: '/birthCertificate/series',
    message: { uk: 'Зазначте серію свідоцтва про народження.', en: 'Enter the birth certificate series.' },
    source: CERTIFICATE,
    indicator: 1,
  },
  BIRTH_CERT_SERIES_FORMAT: {
    severity: 'error',
    path: '/birthCertificate/series',
    message: {
      uk: 'Серія свідоцтва має складатися з римської цифри, дефіса та двох українських літер, напр. І-БК.',
      en: 'The certificate series must be a Roman numeral, a hyphen and two Ukrainian letters, e.g. І-БК.',
    },
    source: CERTIFICATE,
    indicator: 1,
  },
  BIRTH_CERT_SERIES_NUMERAL: {
    severity: 'error',
    path: '/birthCertificate/series',
    message: {
      uk: 'Перша частина серії свідоцтва має бути римським числом (І, ІІ, ІІІ, ІV, V … ХХХІХ), напр. ІІ-БК.',
      en: 'The first part of the certificate series must be a Roman numeral (I, II, III, IV, V … XXXIX), e.g. II-БК.',
    },
    source: CERTIFICATE,
    indicator: 1,
  },
  BIRTH_CERT_SERIES_LATIN_LOOKALIKE: {
    severity: 'warning',
    path: '/birthCertificate/series',
    message: {
      uk: 'У серії свідоцтва латинські літери, схожі на українські, замінено українськими; перевірте серію.',
      en: 'Latin letters that look like Ukrainian ones in the certificate series were replaced; check the series.',
    },
    source: CERTIFICATE,
    indicator: 1,
  },
  BIRTH_CERT_NUMBER_REQUIRED: {
    severity: 'error',
    path: '/birthCertificate/number',
    message: { uk: 'Зазначте номер свідоцтва про народження.', en: 'Enter the birth certificate number.' },
    source: CERTIFICATE,
    indicator: 1,
  },
  BIRTH_CERT_NUMBER_FORMAT: {
    severity: 'error',
    path: '/birthCertificate/number',
    message: {
      uk: 'Номер свідоцтва про народження має складатися з шести цифр.',
      en: 'The birth certificate number must be six digits.',
    },
    source: CERTIFICATE,
    indicator: 1,
  },
  BIRTH_CERT_COUNTRY_REQUIRED: {
    severity: 'error',
    path: '/birthCertificate/issuedCountry',
    message: {
      uk: 'Серія не схожа на серію українського свідоцтва. Якщо свідоцтво видане за кордоном, зазначте країну видачі.',
      en: 'The series does not look like that of a Ukrainian certificate. If it was issued abroad, enter the issuing country.',
    },
    source: CERTIFICATE,
    indicator: 1,
  },
  BIRTH_CERT_COUNTRY_INVALID: {
    severity: 'error',
    path: '/birthCertificate/issuedCountry',
    message: {
      uk: 'Країну видачі свідоцтва зазначте дволітерним кодом ISO 3166-1, напр. PL.',
      en: 'Enter the issuing country as a two-letter ISO 3166-1 code, e.g. PL.',
    },
    source: COUNTRY,
    indicator: 1,
  },

  // УНЗР.
  UNZR_FORMAT: {
    severity: 'error',
    path: '/unzr',
    message: {
      uk: 'УНЗР має вигляд РРРРММДД-NNNNC: дата народження, дефіс і пʼять цифр, напр. 20120309-01234.',
      en: 'The УНЗР reads YYYYMMDD-NNNNC: the birth date, a hyphen and five digits, e.g. 20120309-01234.',
    },
    source: UNZR,
  },
  UNZR_DATE_INVALID: {
    severity: 'error',
    path: '/unzr',
    message: {
      uk: 'Перші вісім цифр УНЗР мають бути справжньою датою народження (РРРРММДД).',
      en: 'The first eight digits of the УНЗР must be a real birth date (YYYYMMDD).',
    },
    source: UNZR,
  },
  UNZR_BIRTH_DATE_MISMATCH: {
    severity: 'error',
    path: '/unzr',
    message: {
      uk: 'Дата в УНЗР не збігається з датою народження учня.',
      en: "The date in the УНЗР differs from the pupil's birth date.",
    },
    source: UNZR,
  },
  UNZR_CHECK_DIGIT: {
    severity: 'warning',
    path: '/unzr',
    message: {
      uk: 'Контрольна цифра УНЗР не збігається з розрахованою; перевірте номер (алгоритм перевірки офіційно не підтверджено).',
      en: 'The УНЗР check digit does not match the computed one; check the number (the algorithm is not officially confirmed).',
    },
    source: `${UNZR}; алгоритм ICAO 9303 не підтверджено`,
  },

  // РНОКПП.
  RNOKPP_FORMAT: {
    severity: 'error',
    path: '/rnokpp',
    message: { uk: 'РНОКПП має складатися з десяти цифр.', en: 'The РНОКПП must be ten digits.' },
    source: RNOKPP,
  },
  RNOKPP_CHECK_DIGIT: {
    severity: 'error',
    path: '/rnokpp',
    message: {
      uk: 'Контрольна цифра РНОКПП не збігається; перевірте номер.',
      en: 'The РНОКПП check digit does not match; check the number.',
    },
    source: RNOKPP,
  },
  RNOKPP_BIRTH_DATE_MISMATCH: {
    severity: 'warning',
    path: '/rnokpp',
    message: {
      uk: 'Дата народження, закладена в РНОКПП (перші пʼять цифр), не збігається з датою народження учня.',
      en: "The birth date encoded in the РНОКПП (first five digits) differs from the pupil's birth date.",
    },
    source: RNOKPP,
  },
  RNOKPP_SEX_MISMATCH: {
    severity: 'warning',
    path: '/rnokpp',
    message: {
      uk: 'Стать, закладена в РНОКПП (девʼята цифра), не збігається зі статтю учня.',
      en: "The sex encoded in the РНОКПП (ninth digit) differs from the pupil's sex.",
    },
    source: RNOKPP,
  },

  // Citizenship and residence.
  CITIZENSHIP_INVALID: {
    severity: 'error',
    path: '/citizenship',
    message: {
      uk: 'Громадянство зазначте дволітерним кодом країни ISO 3166-1, напр. UA.',
      en: 'Enter the citizenship as a two-letter ISO 3166-1 country code, e.g. UA.',
    },
    source: COUNTRY,
  },
  RESIDENCE_KATOTTG_FORMAT: {
    severity: 'error',
    path: '/residence/katottg',
    message: {
      uk: 'Код КАТОТТГ має складатися з літер UA і 17 цифр.',
      en: 'A KATOTTH code consists of the letters UA and 17 digits.',
    },
    source: KATOTTG,
  },
  RESIDENCE_KATOTTG_UNKNOWN: {
    severity: 'error',
    path: '/residence/katottg',
    message: {
      uk: 'Такого коду немає в Кодифікаторі адміністративно-територіальних одиниць (КАТОТТГ).',
      en: 'The code is not in the KATOTTH codifier.',
    },
    source: KATOTTG,
  },

  // Displacement (indicator 3).
  DISPLACEMENT_MISSING: {
    severity: 'warning',
    path: '/displacement',
    message: {
      uk: `Не зазначено статус внутрішнього чи зовнішнього переміщення — ${INDICATOR_MISSING_UK}.`,
      en: `The internal or external displacement status is missing: ${INDICATOR_MISSING_EN}.`,
    },
    source: MON_LETTER,
    indicator: 3,
  },
  DISPLACEMENT_STATUS_REQUIRED: {
    severity: 'error',
    path: '/displacement/status',
    message: {
      uk: 'Зазначте статус переміщення: не переміщений, внутрішньо переміщена особа або за кордоном.',
      en: 'Enter the displacement status: not displaced, internally displaced or abroad.',
    },
    source: MON_LETTER,
    indicator: 3,
  },
  DISPLACEMENT_SINCE_MISSING: {
    severity: 'warning',
    path: '/displacement/since',
    message: {
      uk: 'Зазначте дату, з якої учень переміщений.',
      en: 'Enter the date from which the pupil is displaced.',
    },
    source: IDP,
    indicator: 3,
  },
  DISPLACEMENT_SINCE_INVALID: {
    severity: 'error',
    path: '/displacement/since',
    message: {
      uk: 'Дата переміщення має бути справжньою датою у форматі РРРР-ММ-ДД.',
      en: 'The displacement date must be a real date as YYYY-MM-DD.',
    },
    source: RECORD,
    indicator: 3,
  },
  DISPLACEMENT_SINCE_IN_FUTURE: {
    severity: 'error',
    path: '/displacement/since',
    message: {
      uk: 'Дата переміщення не може бути в майбутньому.',
      en: 'The displacement date cannot be in the future.',
    },
    source: IDP,
    indicator: 3,
  },
  DISPLACEMENT_SINCE_BEFORE_BIRTH: {
    severity: 'error',
    path: '/displacement/since',
    message: {
      uk: 'Дата переміщення не може бути раніше за дату народження.',
      en: 'The displacement date cannot precede the birth date.',
    },
    source: IDP,
    indicator: 3,
  },
  DISPLACEMENT_ORIGIN_REQUIRED: {
    severity: 'error',
    path: '/displacement/originKatottg',
    message: {
      uk: 'Для внутрішньо переміщеної особи зазначте код КАТОТТГ громади або населеного пункту, звідки учень переміщений.',
      en: 'For an internally displaced pupil, enter the KATOTTH code of the hromada or settlement of origin.',
    },
    source: IDP,
    indicator: 3,
  },
  DISPLACEMENT_ORIGIN_FORMAT: {
    severity: 'error',
    path: '/displacement/originKatottg',
    message: {
      uk: 'Код КАТОТТГ має складатися з літер UA і 17 цифр.',
      en: 'A KATOTTH code consists of the letters UA and 17 digits.',
    },
    source: KATOTTG,
    indicator: 3,
  },
  DISPLACEMENT_ORIGIN_UNKNOWN: {
    severity: 'error',
    path: '/displacement/originKatottg',
    message: {
      uk: 'Такого коду немає в Кодифікаторі адміністративно-територіальних одиниць (КАТОТТГ).',
      en: 'The code is not in the KATOTTH codifier.',
    },
    source: KATOTTG,
    indicator: 3,
  },
  DISPLACEMENT_ORIGIN_LEVEL: {
    severity: 'error',
    path: '/displacement/originKatottg',
    message: {
      uk: 'Місцем походження зазначте територіальну громаду або населений пункт, а не область чи район.',
      en: 'Enter a hromada or a settlement as the place of origin, not an oblast or a raion.',
    },
    source: IDP,
    indicator: 3,
  },
  DISPLACEMENT_ORIGIN_NOT_LISTED: {
    severity: 'warning',
    path: '/displacement/originKatottg',
    message: {
      uk: 'Місця походження немає в переліку територій бойових дій або тимчасової окупації. Перевірте код; якщо до переліку внесено лише окремі населені пункти громади, зазначте код населеного пункту.',
      en: 'The place of origin is not on the list of territories of hostilities or temporary occupation. Check the code; if only some settlements of the hromada are listed, enter the code of the settlement.',
    },
    source: HOSTILITIES,
    indicator: 3,
  },
  DISPLACEMENT_SINCE_BEFORE_LISTED: {
    severity: 'warning',
    path: '/displacement/since',
    message: {
      uk: 'Дата переміщення раніша за дату, з якої місце походження внесене до переліку територій бойових дій або тимчасової окупації.',
      en: 'The displacement date precedes the date from which the place of origin is on the list of territories of hostilities or occupation.',
    },
    source: HOSTILITIES,
    indicator: 3,
  },
  DISPLACEMENT_COUNTRY_REQUIRED: {
    severity: 'error',
    path: '/displacement/country',
    message: {
      uk: 'Для учня, який перебуває за кордоном, зазначте країну перебування.',
      en: 'For a pupil abroad, enter the country of stay.',
    },
    source: MON_LETTER,
    indicator: 3,
  },
  DISPLACEMENT_COUNTRY_INVALID: {
    severity: 'error',
    path: '/displacement/country',
    message: {
      uk: 'Країну перебування зазначте дволітерним кодом ISO 3166-1, напр. PL.',
      en: 'Enter the country of stay as a two-letter ISO 3166-1 code, e.g. PL.',
    },
    source: COUNTRY,
    indicator: 3,
  },
  DISPLACEMENT_COUNTRY_UKRAINE: {
    severity: 'error',
    path: '/displacement/country',
    message: {
      uk: 'Для учня за кордоном країною перебування не може бути Україна; для переміщення в межах України оберіть статус ВПО.',
      en: 'For a pupil abroad the country of stay cannot be Ukraine; for displacement within Ukraine choose the IDP status.',
    },
    source: MON_LETTER,
    indicator: 3,
  },
  DISPLACEMENT_NONE_WITH_DETAILS: {
    severity: 'warning',
    path: '/displacement',
    message: {
      uk: 'Для учня, який не переміщений, подробиці переміщення (громаду походження, країну перебування, довідку ВПО) вилучено.',
      en: 'The displacement details (hromada of origin, country of stay, IDP certificate) of a pupil who is not displaced were removed.',
    },
    source: MON_LETTER,
    indicator: 3,
  },
  DISPLACEMENT_INTERNAL_WITH_COUNTRY: {
    severity: 'warning',
    path: '/displacement/country',
    message: {
      uk: 'Для внутрішньо переміщеної особи країну перебування не зазначають; її вилучено.',
      en: 'An internally displaced pupil has no country of stay; it was removed.',
    },
    source: IDP,
    indicator: 3,
  },

  // Contact (indicator 4).
  CONTACT_MISSING: {
    severity: 'warning',
    path: '/contact',
    message: {
      uk: `Не зазначено, чи є звʼязок з учнем та/або його законними представниками — ${INDICATOR_MISSING_UK}.`,
      en: `Whether there is contact with the pupil and/or their legal representatives is not recorded: ${INDICATOR_MISSING_EN}.`,
    },
    source: MON_LETTER,
    indicator: 4,
  },
  CONTACT_STATUS_REQUIRED: {
    severity: 'error',
    path: '/contact/status',
    message: {
      uk: 'Зазначте стан звʼязку: звʼязок є, втрачено або відновлено.',
      en: 'Enter the contact status: in contact, lost or restored.',
    },
    source: MON_LETTER,
    indicator: 4,
  },
  CONTACT_LOST: {
    severity: 'warning',
    path: '/contact',
    message: {
      uk: 'Звʼязок з учнем та/або його законними представниками втрачено; учень лишається в переліку для перевірки, доки звʼязок не відновлять.',
      en: 'Contact with the pupil and/or their legal representatives is lost; the pupil stays on the review list until contact is restored.',
    },
    source: MON_LETTER,
    indicator: 4,
  },
  // Checked by the server against the whole registry (the browser cannot): the same birth date and a similar name
  // in another record. Refusal is for exact matches (identifiers, or full name and birth date); this only warns.
  DUPLICATE_SUSPECTED: {
    severity: 'warning',
    path: '/lastName',
    message: {
      uk: 'Схожий учень із тією самою датою народження вже є в реєстрі. Перевірте, чи це не той самий учень.',
      en: 'A similar pupil with the same date of birth is already in the registry. Check that it is not the same pupil.',
    },
    source:
      'Порядок зарахування, відрахування та переведення учнів (наказ МОН № 367 від 16.04.2018): один учень — один запис; DOMAIN.md § 4',
  },
  CONTACT_LOST_SINCE_REQUIRED: {
    severity: 'error',
    path: '/contact/lostSince',
    message: { uk: 'Зазначте дату, з якої звʼязок втрачено.', en: 'Enter the date from which contact is lost.' },
    source: MON_LETTER,
    indicator: 4,
  },
  CONTACT_LOST_SINCE_INVALID: {
    severity: 'error',
    path: '/contact/lostSince',
    message: {
      uk: 'Дата втрати звʼязку має бути справжньою датою у форматі РРРР-ММ-ДД.',
      en: 'The date contact was lost must be a real date as YYYY-MM-DD.',
    },
    source: RECORD,
    indicator: 4,
  },
  CONTACT_LOST_SINCE_IN_FUTURE: {
    severity: 'error',
    path: '/contact/lostSince',
    message: {
      uk: 'Дата втрати звʼязку не може бути в майбутньому.',
      en: 'The date contact was lost cannot be in the future.',
    },
    source: MON_LETTER,
    indicator: 4,
  },
  CONTACT_LOST_SINCE_BEFORE_BIRTH: {
    severity: 'error',
    path: '/contact/lostSince',
    message: {
      uk: 'Дата втрати звʼязку не може бути раніше за дату народження.',
      en: 'The date contact was lost cannot precede the birth date.',
    },
    source: MON_LETTER,
    indicator: 4,
  },
  CONTACT_IN_CONTACT_WITH_LOST_SINCE: {
    severity: 'warning',
    path: '/contact/lostSince',
    message: {
      uk: 'Звʼязок з учнем є, тому дату втрати звʼязку вилучено.',
      en: 'The pupil is in contact, so the date contact was lost was removed.',
    },
    source: MON_LETTER,
    indicator: 4,
  },

  // Enrolment.
  ENROLLMENT_SCHOOL_REQUIRED: {
    severity: 'error',
    path: '/enrollment/schoolEdrpou',
    message: { uk: 'Зазначте код ЄДРПОУ закладу освіти.', en: "Enter the school's ЄДРПОУ code." },
    source: ENROLMENT,
  },
  ENROLLMENT_SCHOOL_EDRPOU_INVALID: {
    severity: 'error',
    path: '/enrollment/schoolEdrpou',
    message: {
      uk: 'Код ЄДРПОУ закладу має складатися з восьми цифр із правильною контрольною цифрою.',
      en: "The school's ЄДРПОУ code must be eight digits with a valid check digit.",
    },
    source: EDRPOU,
  },
  ENROLLMENT_SCHOOL_YEAR_REQUIRED: {
    severity: 'error',
    path: '/enrollment/schoolYear',
    message: { uk: 'Зазначте навчальний рік, напр. 2025-2026.', en: 'Enter the school year, e.g. 2025-2026.' },
    source: SCHOOL_YEAR,
  },
  ENROLLMENT_SCHOOL_YEAR_FORMAT: {
    severity: 'error',
    path: '/enrollment/schoolYear',
    message: {
      uk: 'Навчальний рік зазначте як РРРР-РРРР, де другий рік на одиницю більший за перший, напр. 2025-2026.',
      en: 'Enter the school year as YYYY-YYYY, the second year one more than the first, e.g. 2025-2026.',
    },
    source: SCHOOL_YEAR,
  },
  ENROLLMENT_SCHOOL_YEAR_IN_FUTURE: {
    severity: 'error',
    path: '/enrollment/schoolYear',
    message: {
      uk: 'Дані за цей навчальний рік вносити ще зарано: можна вносити дані поточного й наступного навчальних років.',
      en: 'That school year is too far ahead: data of the current and the next school year can be entered.',
    },
    source: SCHOOL_YEAR,
  },
  ENROLLMENT_GRADE_REQUIRED: {
    severity: 'error',
    path: '/enrollment/grade',
    message: { uk: 'Зазначте клас (рік навчання) учня.', en: "Enter the pupil's grade." },
    source: ENROLMENT,
  },
  ENROLLMENT_GRADE_RANGE: {
    severity: 'error',
    path: '/enrollment/grade',
    message: {
      uk: 'Клас має бути цілим числом у межах, передбачених для закладів загальної середньої освіти (зазвичай 1–11).',
      en: 'The grade must be a whole number within the grades of general secondary schools (usually 1–11).',
    },
    source: 'DOMAIN.md § 4 (класи 1–11, 12-й — із реформою)',
  },
  ENROLLMENT_CLASS_LETTER_FORMAT: {
    severity: 'error',
    path: '/enrollment/classLetter',
    message: {
      uk: 'Літеру класу зазначте однією великою українською літерою (А, Б, В …) або порядковим номером паралелі (1–99), без номера класу: для 5-А — «А».',
      en: 'Enter the class letter as one Ukrainian capital letter (А, Б, В …) or the number of the parallel class (1–99), without the grade: «А» for 5-А.',
    },
    source: 'форма № ЗНЗ-1 (наказ МОН № 868 від 30.07.2021), класи; DOMAIN.md § 4',
  },
  ENROLLMENT_CLASS_LETTER_LATIN_LOOKALIKE: {
    severity: 'warning',
    path: '/enrollment/classLetter',
    message: {
      uk: 'Латинську літеру класу замінено схожою українською; перевірте.',
      en: 'A Latin class letter was replaced by the Ukrainian letter it looks like; check it.',
    },
    source: 'форма № ЗНЗ-1 (наказ МОН № 868 від 30.07.2021), класи; DOMAIN.md § 4',
  },
  ENROLLMENT_ENTRY_DATE_INVALID: {
    severity: 'error',
    path: '/enrollment/entryDate',
    message: {
      uk: 'Дата зарахування має бути справжньою датою у форматі РРРР-ММ-ДД.',
      en: 'The entry date must be a real date as YYYY-MM-DD.',
    },
    source: RECORD,
  },
  ENROLLMENT_ENTRY_DATE_AFTER_SCHOOL_YEAR: {
    severity: 'error',
    path: '/enrollment/entryDate',
    message: {
      uk: 'Дата зарахування не може бути пізніше за кінець навчального року (31 серпня).',
      en: 'The entry date cannot be after the end of the school year (31 August).',
    },
    source: ENROLMENT,
  },
  ENROLLMENT_ENTRY_DATE_BEFORE_BIRTH: {
    severity: 'error',
    path: '/enrollment/entryDate',
    message: {
      uk: 'Дата зарахування не може бути раніше за дату народження.',
      en: 'The entry date cannot precede the birth date.',
    },
    source: ENROLMENT,
  },
  ENROLLMENT_ENTRY_DATE_IN_FUTURE: {
    severity: 'warning',
    path: '/enrollment/entryDate',
    message: {
      uk: 'Дата зарахування ще не настала; перевірте дату наказу про зарахування.',
      en: 'The entry date is still ahead; check the date of the enrolment order.',
    },
    source: ENROLMENT,
  },
} as const satisfies Record<string, RuleDefinition>;

export type RuleCode = keyof typeof VALIDATION_RULES;

export const RULE_CODES = Object.keys(VALIDATION_RULES) as readonly RuleCode[];

export function isRuleCode(code: unknown): code is RuleCode {
  return typeof code === 'string' && Object.hasOwn(VALIDATION_RULES, code);
}

export interface IndicatorDefinition {
  uk: string;
  en: string;
  /** The rule that reports the indicator as not recorded: a warning, so saving stays possible. */
  missingRule: RuleCode;
}

/** The four indicators of the MON letter of 27.06.2023 (DOMAIN.md § 1), each with its "not recorded" rule. */
export const INDICATORS = {
  1: {
    uk: 'Серія та номер свідоцтва про народження',
    en: 'Birth certificate series and number',
    missingRule: 'BIRTH_CERT_MISSING',
  },
  2: { uk: 'Дата народження', en: 'Date of birth', missingRule: 'BIRTH_DATE_MISSING' },
  3: {
    uk: 'Статус внутрішнього / зовнішнього вимушеного переміщення',
    en: 'Internal / external forced displacement status',
    missingRule: 'DISPLACEMENT_MISSING',
  },
  4: {
    uk: 'Втрата звʼязку з учнем та/або його законними представниками',
    en: 'Loss of contact with the pupil and/or their legal representatives',
    missingRule: 'CONTACT_MISSING',
  },
} as const satisfies Record<IndicatorNumber, IndicatorDefinition>;

export const INDICATOR_NUMBERS: readonly IndicatorNumber[] = [1, 2, 3, 4];

/** The codes of the rules that check an indicator, in catalogue order. */
export function indicatorRules(indicator: IndicatorNumber): RuleCode[] {
  return RULE_CODES.filter((code) => (VALIDATION_RULES[code] as RuleDefinition).indicator === indicator);
}
