/**
 * What the generator assumes about each of the 27 level-1 units of KATOTTH: how many pupils, how urban, how many
 * pupils are in schools relocated from occupied hromadas, the population of the larger cities, the communities with
 * their own language of instruction, and the surname mix.
 *
 * The numbers are rounded approximations, not statistics to report: pupil counts follow the regional distribution
 * of pupils of general secondary schools published by Держстат for 2021/22 («Заклади загальної середньої освіти»),
 * reduced in the regions most affected by the war and scaled so that the country totals match DOMAIN.md § 8
 * (≈ 3.9 M pupils, Kyiv ≈ 330 k). Urban shares are the regional shares of urban population (Держстат, population as
 * of 1 January 2022); the generator shifts them together so that the national pupil share is 72 % (DOMAIN.md § 8).
 * City populations are rounded pre-war estimates, used only as relative weights.
 */
import type { SurnameProfile } from './names-uk';

export type InstructionLanguage = 'uk' | 'hu' | 'ro' | 'pl' | 'crh' | 'bg';

/** A community with its own language of instruction in a raion: the share of the raion's schools that use it. */
export interface MinorityLanguageRule {
  raion: string;
  language: InstructionLanguage;
  schoolShare: number;
}

export interface RegionProfile {
  /** First four characters of the level-1 KATOTTH code (`UA32`). */
  prefix: string;
  /** Pupils of the region, thousands (relative weight for the national preset). */
  pupilsThousands: number;
  /** Of them, pupils of schools relocated from the region's occupied hromadas, thousands. */
  relocatedThousands: number;
  urbanShare: number;
  /**
   * Two letters for synthetic birth-certificate series. Synthetic: the real series letters identify the issuing
   * office and are not needed here, only the format (DOMAIN.md § 3) is.
   */
  seriesLetters: string;
  surnames: SurnameProfile;
  /** Population of the larger cities (category M; for Kyiv its districts, category B), thousands, by name. */
  cities: Readonly<Record<string, number>>;
  languages: readonly MinorityLanguageRule[];
  /**
   * Where schools relocated from this region are registered when the region has no government-controlled city of
   * its own: `prefix:city` keys of cities elsewhere.
   */
  relocationHosts: readonly string[];
}

const CENTRE: SurnameProfile = {
  enko: 0.42,
  uk: 0.14,
  western: 0.06,
  noun: 0.12,
  sky: 0.09,
  adjective: 0.05,
  russian: 0.12,
};
const WEST: SurnameProfile = {
  enko: 0.14,
  uk: 0.2,
  western: 0.3,
  noun: 0.13,
  sky: 0.15,
  adjective: 0.05,
  russian: 0.03,
};
const NORTH_WEST: SurnameProfile = {
  enko: 0.3,
  uk: 0.33,
  western: 0.09,
  noun: 0.1,
  sky: 0.11,
  adjective: 0.04,
  russian: 0.03,
};
const EAST: SurnameProfile = {
  enko: 0.4,
  uk: 0.08,
  western: 0.03,
  noun: 0.1,
  sky: 0.07,
  adjective: 0.06,
  russian: 0.26,
};
const CAPITAL: SurnameProfile = {
  enko: 0.38,
  uk: 0.16,
  western: 0.07,
  noun: 0.1,
  sky: 0.1,
  adjective: 0.05,
  russian: 0.14,
};

const NO_HOSTS: readonly string[] = [];

export const REGION_PROFILES: readonly RegionProfile[] = [
  {
    prefix: 'UA01',
    pupilsThousands: 0.8,
    relocatedThousands: 0.8,
    urbanShare: 0.63,
    seriesLetters: 'КМ',
    surnames: EAST,
    cities: { Сімферополь: 340, Керч: 150, Євпаторія: 105, Ялта: 78, Феодосія: 68, Джанкой: 38, Бахчисарай: 27 },
    languages: [],
    relocationHosts: ['UA80:Київ', 'UA46:Львів'],
  },
  {
    prefix: 'UA05',
    pupilsThousands: 165,
    relocatedThousands: 0,
    urbanShare: 0.51,
    seriesLetters: 'ВН',
    surnames: NORTH_WEST,
    cities: {
      Вінниця: 370,
      Жмеринка: 34,
      'Могилів-Подільський': 30,
      Хмільник: 27,
      Гайсин: 25,
      Козятин: 23,
      Ладижин: 23,
    },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA07',
    pupilsThousands: 135,
    relocatedThousands: 0,
    urbanShare: 0.52,
    seriesLetters: 'ВЛ',
    surnames: NORTH_WEST,
    cities: { Луцьк: 215, Ковель: 68, Нововолинськ: 50, Володимир: 38 },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA12',
    pupilsThousands: 320,
    relocatedThousands: 0,
    urbanShare: 0.84,
    seriesLetters: 'ДП',
    surnames: EAST,
    cities: {
      Дніпро: 970,
      'Кривий Ріг': 600,
      'Кам’янське': 225,
      Нікополь: 105,
      Павлоград: 100,
      Самар: 70,
      Марганець: 45,
      'Жовті Води': 43,
      Покров: 38,
    },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA14',
    pupilsThousands: 120,
    relocatedThousands: 30,
    urbanShare: 0.91,
    seriesLetters: 'ДН',
    surnames: EAST,
    cities: {
      Донецьк: 900,
      Маріуполь: 430,
      Макіївка: 340,
      Горлівка: 240,
      Краматорськ: 150,
      'Слов’янськ': 105,
      Бахмут: 72,
      Костянтинівка: 67,
      Покровськ: 60,
      Дружківка: 55,
      Мирноград: 45,
      Торецьк: 30,
      Добропілля: 28,
    },
    languages: [],
    relocationHosts: ['UA12:Дніпро', 'UA80:Київ'],
  },
  {
    prefix: 'UA18',
    pupilsThousands: 130,
    relocatedThousands: 0,
    urbanShare: 0.59,
    seriesLetters: 'ЖТ',
    surnames: NORTH_WEST,
    cities: { Житомир: 260, Бердичів: 73, Коростень: 62, Звягель: 55, Малин: 25, Коростишів: 25 },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA21',
    pupilsThousands: 175,
    relocatedThousands: 0,
    urbanShare: 0.37,
    seriesLetters: 'ЗК',
    surnames: WEST,
    cities: { Ужгород: 115, Мукачево: 85, Хуст: 28, Виноградів: 25, Берегове: 23, Свалява: 16 },
    languages: [
      { raion: 'Берегівський', language: 'hu', schoolShare: 0.65 },
      { raion: 'Ужгородський', language: 'hu', schoolShare: 0.15 },
      { raion: 'Мукачівський', language: 'hu', schoolShare: 0.08 },
      { raion: 'Хустський', language: 'hu', schoolShare: 0.03 },
      { raion: 'Тячівський', language: 'ro', schoolShare: 0.06 },
    ],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA23',
    pupilsThousands: 125,
    relocatedThousands: 25,
    urbanShare: 0.77,
    seriesLetters: 'ЗП',
    surnames: EAST,
    cities: { Запоріжжя: 710, Мелітополь: 150, Бердянськ: 107, Енергодар: 53, Токмак: 30, Пологи: 19, Оріхів: 14 },
    languages: [],
    relocationHosts: ['UA23:Запоріжжя'],
  },
  {
    prefix: 'UA26',
    pupilsThousands: 160,
    relocatedThousands: 0,
    urbanShare: 0.44,
    seriesLetters: 'ІФ',
    surnames: WEST,
    cities: { 'Івано-Франківськ': 238, Калуш: 65, Коломия: 60, Надвірна: 22, Долина: 20, Бурштин: 15 },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA32',
    pupilsThousands: 240,
    relocatedThousands: 0,
    urbanShare: 0.62,
    seriesLetters: 'КВ',
    surnames: CENTRE,
    cities: {
      'Біла Церква': 208,
      Бровари: 109,
      Ірпінь: 65,
      Бориспіль: 63,
      Фастів: 45,
      Вишневе: 42,
      Буча: 37,
      Васильків: 37,
      Боярка: 35,
      Обухів: 33,
      Вишгород: 30,
      Переяслав: 26,
      Славутич: 24,
    },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA35',
    pupilsThousands: 85,
    relocatedThousands: 0,
    urbanShare: 0.63,
    seriesLetters: 'КР',
    surnames: CENTRE,
    cities: { Кропивницький: 225, Олександрія: 80, Світловодськ: 44, 'Знам’янка': 22, Долинська: 20 },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA44',
    pupilsThousands: 20,
    relocatedThousands: 20,
    urbanShare: 0.87,
    seriesLetters: 'ЛГ',
    surnames: EAST,
    cities: {
      Луганськ: 400,
      Алчевськ: 105,
      Сєвєродонецьк: 100,
      Лисичанськ: 95,
      Хрустальний: 80,
      Кадіївка: 70,
      Рубіжне: 56,
      Кремінна: 19,
      Сватове: 16,
      Старобільськ: 16,
    },
    languages: [],
    relocationHosts: ['UA12:Дніпро', 'UA80:Київ', 'UA05:Вінниця', 'UA46:Львів'],
  },
  {
    prefix: 'UA46',
    pupilsThousands: 290,
    relocatedThousands: 0,
    urbanShare: 0.61,
    seriesLetters: 'ЛВ',
    surnames: WEST,
    cities: {
      Львів: 720,
      Дрогобич: 75,
      Шептицький: 65,
      Стрий: 60,
      Самбір: 35,
      Борислав: 33,
      Новояворівськ: 30,
      Трускавець: 29,
      'Новий Розділ': 28,
      Золочів: 24,
    },
    languages: [{ raion: 'Львівський', language: 'pl', schoolShare: 0.01 }],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA48',
    pupilsThousands: 110,
    relocatedThousands: 0.4,
    urbanShare: 0.68,
    seriesLetters: 'МК',
    surnames: EAST,
    cities: { Миколаїв: 470, Первомайськ: 63, Южноукраїнськ: 39, Вознесенськ: 35, 'Новий Буг': 15, Очаків: 14 },
    languages: [],
    relocationHosts: ['UA48:Миколаїв'],
  },
  {
    prefix: 'UA51',
    pupilsThousands: 290,
    relocatedThousands: 0,
    urbanShare: 0.67,
    seriesLetters: 'ОД',
    surnames: EAST,
    cities: {
      Одеса: 1010,
      Ізмаїл: 70,
      Чорноморськ: 58,
      'Білгород-Дністровський': 48,
      Подільськ: 40,
      Южне: 33,
      Рені: 19,
      Балта: 19,
      Кілія: 19,
      Болград: 15,
    },
    languages: [
      { raion: 'Болградський', language: 'bg', schoolShare: 0.25 },
      { raion: 'Ізмаїльський', language: 'ro', schoolShare: 0.15 },
    ],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA53',
    pupilsThousands: 140,
    relocatedThousands: 0,
    urbanShare: 0.62,
    seriesLetters: 'ПЛ',
    surnames: CENTRE,
    cities: { Полтава: 280, Кременчук: 215, 'Горішні Плавні': 50, Лубни: 45, Миргород: 38, Гадяч: 22 },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA56',
    pupilsThousands: 155,
    relocatedThousands: 0,
    urbanShare: 0.48,
    seriesLetters: 'РВ',
    surnames: NORTH_WEST,
    cities: { Рівне: 245, Вараш: 42, Дубно: 37, Костопіль: 31, Сарни: 29, Здолбунів: 24 },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA59',
    pupilsThousands: 90,
    relocatedThousands: 0,
    urbanShare: 0.69,
    seriesLetters: 'СМ',
    surnames: CENTRE,
    cities: { Суми: 260, Конотоп: 84, Шостка: 73, Охтирка: 46, Ромни: 38, Глухів: 31, Лебедин: 24 },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA61',
    pupilsThousands: 105,
    relocatedThousands: 0,
    urbanShare: 0.46,
    seriesLetters: 'ТР',
    surnames: WEST,
    cities: { Тернопіль: 225, Чортків: 28, Кременець: 20, Бережани: 17 },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA63',
    pupilsThousands: 230,
    relocatedThousands: 0,
    urbanShare: 0.81,
    seriesLetters: 'ХК',
    surnames: EAST,
    cities: {
      Харків: 1430,
      Лозова: 54,
      Ізюм: 45,
      Чугуїв: 31,
      Первомайський: 29,
      'Куп’янськ': 27,
      Балаклія: 26,
      Мерефа: 21,
      Люботин: 20,
      Берестин: 20,
    },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA65',
    pupilsThousands: 60,
    relocatedThousands: 15,
    urbanShare: 0.61,
    seriesLetters: 'ХС',
    surnames: EAST,
    cities: { Херсон: 280, 'Нова Каховка': 45, Каховка: 35, Олешки: 24, Генічеськ: 20, Скадовськ: 17, Берислав: 12 },
    languages: [],
    relocationHosts: ['UA48:Миколаїв', 'UA80:Київ'],
  },
  {
    prefix: 'UA68',
    pupilsThousands: 140,
    relocatedThousands: 0,
    urbanShare: 0.56,
    seriesLetters: 'ХМ',
    surnames: NORTH_WEST,
    cities: {
      Хмельницький: 275,
      'Кам’янець-Подільський': 100,
      Шепетівка: 41,
      Нетішин: 36,
      Славута: 35,
      Старокостянтинів: 34,
    },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA71',
    pupilsThousands: 110,
    relocatedThousands: 0,
    urbanShare: 0.57,
    seriesLetters: 'ЧК',
    surnames: CENTRE,
    cities: { Черкаси: 270, Умань: 80, Сміла: 66, Золотоноша: 27, Канів: 23 },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA73',
    pupilsThousands: 110,
    relocatedThousands: 0,
    urbanShare: 0.43,
    seriesLetters: 'ЧВ',
    surnames: WEST,
    cities: { Чернівці: 265, Сторожинець: 14, Новодністровськ: 10, Хотин: 9 },
    languages: [
      { raion: 'Чернівецький', language: 'ro', schoolShare: 0.2 },
      { raion: 'Дністровський', language: 'ro', schoolShare: 0.05 },
    ],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA74',
    pupilsThousands: 85,
    relocatedThousands: 0,
    urbanShare: 0.66,
    seriesLetters: 'ЧН',
    surnames: CENTRE,
    cities: { Чернігів: 285, Ніжин: 67, Прилуки: 53, Бахмач: 17 },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    prefix: 'UA80',
    pupilsThousands: 330,
    relocatedThousands: 0,
    urbanShare: 1,
    seriesLetters: 'КИ',
    surnames: CAPITAL,
    cities: {
      Голосіївський: 250,
      Дарницький: 340,
      Деснянський: 360,
      Дніпровський: 350,
      Оболонський: 320,
      Печерський: 160,
      Подільський: 200,
      Святошинський: 340,
      'Солом’янський': 390,
      Шевченківський: 220,
    },
    languages: [],
    relocationHosts: NO_HOSTS,
  },
  {
    // Sevastopol is occupied and has no school in the registry; its regional department is still an organisation.
    prefix: 'UA85',
    pupilsThousands: 0,
    relocatedThousands: 0,
    urbanShare: 0.94,
    seriesLetters: 'СВ',
    surnames: EAST,
    cities: {},
    languages: [],
    relocationHosts: NO_HOSTS,
  },
];

const BY_PREFIX = new Map(REGION_PROFILES.map((p) => [p.prefix, p]));

/** The profile of the region a KATOTTH code belongs to. */
export function regionProfileOf(code: string): RegionProfile {
  const p = BY_PREFIX.get(code.slice(0, 4));
  if (!p) throw new Error(`no region profile for ${code}`);
  return p;
}

/** Generic letter pairs of certificates issued elsewhere than the pupil's region (synthetic, see seriesLetters). */
export const OTHER_SERIES_LETTERS: readonly string[] = ['БК', 'ЖС', 'НО', 'АП', 'ТК', 'ЕР', 'МС', 'КА', 'ВО', 'СН'];
