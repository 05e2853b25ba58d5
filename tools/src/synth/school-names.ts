/**
 * Names of the organisations of the cascade, in the forms Ukrainian education bodies and schools use since the
 * renaming required by the Law «Про повну загальну середню освіту» (2020, ст. 12 and the transitional provisions:
 * «початкова школа», «гімназія», «ліцей»): «Ліцей № 3 Бучанської міської ради», «Гімназія села Андріївка
 * Ароматненської сільської ради», «Управління освіти Печерської районної в місті Києві державної адміністрації».
 *
 * Settlement names are used in the nominative after the generic word («села Андріївка»), which Ukrainian grammar
 * allows for names in apposition, so no settlement name has to be inflected; the adjectives of hromadas, oblasts and
 * districts are regular and are inflected by `feminineGenitive`.
 */
import type { Rng } from './random';
import {
  councilName,
  feminineGenitive,
  type HromadaInfo,
  type RegionInfo,
  type SettlementInfo,
} from './territory-index';

export type SchoolType = 'primary' | 'gymnasium' | 'lyceum' | 'complex' | 'special' | 'other';
export type Ownership = 'state' | 'communal' | 'private';

export const MINISTRY_NAME = 'Міністерство освіти і науки України';
export const MINISTRY_SHORT_NAME = 'МОН України';

/** «Київської області», «Автономної Республіки Крим», «міста Києва». */
export function regionGenitive(region: RegionInfo): string {
  if (region.code.startsWith('UA01')) return 'Автономної Республіки Крим';
  if (region.code.startsWith('UA80')) return 'міста Києва';
  if (region.code.startsWith('UA85')) return 'міста Севастополя';
  return `${feminineGenitive(region.name)} області`;
}

/** The regional education department of a level-1 unit. */
export function regionalDepartmentName(region: RegionInfo): { name: string; shortName: string } {
  if (region.code.startsWith('UA01')) {
    return { name: 'Міністерство освіти, науки та молоді Автономної Республіки Крим', shortName: 'МОНМ АРК' };
  }
  if (region.code.startsWith('UA80')) {
    return {
      name: 'Департамент освіти і науки виконавчого органу Київської міської ради (Київської міської державної адміністрації)',
      shortName: 'ДОН КМДА',
    };
  }
  if (region.code.startsWith('UA85')) {
    return {
      name: 'Управління освіти і науки Севастопольської міської державної адміністрації',
      shortName: 'УОН Севастопольської МДА',
    };
  }
  const adjective = feminineGenitive(region.name);
  return {
    name: `Департамент освіти і науки ${adjective} обласної державної адміністрації`,
    shortName: `ДОН ${adjective} ОДА`,
  };
}

/** The local education authority (ОУО) of a hromada, or of a Kyiv district. */
export function ouoName(h: HromadaInfo, rng: Rng): { name: string; shortName: string } {
  if (h.kind === 'capital_district') {
    const district = feminineGenitive(h.name);
    return {
      name: `Управління освіти ${district} районної в місті Києві державної адміністрації`,
      shortName: `УО ${district} РДА`,
    };
  }
  const council = councilName(h, 'genitive');
  const population = h.centre.category === 'M' ? h.centre.weight : 0;
  if (population >= 200_000)
    return { name: `Департамент освіти ${council}`, shortName: `Департамент освіти ${feminineGenitive(h.name)} МР` };
  if (population >= 50_000)
    return { name: `Управління освіти ${council}`, shortName: `Управління освіти ${feminineGenitive(h.name)} МР` };
  const x = rng.float();
  const head =
    x < 0.6
      ? 'Відділ освіти'
      : x < 0.9
        ? 'Відділ освіти, молоді та спорту'
        : 'Відділ освіти, культури, молоді та спорту';
  return { name: `${head} ${council}`, shortName: `Відділ освіти ${council}` };
}

/** People whose names schools bear (in the genitive, as after «імені»). */
const NAMESAKES: readonly string[] = [
  'Тараса Шевченка',
  'Лесі Українки',
  'Івана Франка',
  'Михайла Грушевського',
  'Григорія Сковороди',
  'Василя Сухомлинського',
  'Михайла Коцюбинського',
  'Івана Котляревського',
  'Ольги Кобилянської',
  'Пантелеймона Куліша',
  'Олександра Довженка',
  'Василя Стуса',
  'Марії Заньковецької',
  'Богдана Хмельницького',
  'Ярослава Мудрого',
  'Олени Пчілки',
  'Івана Мазепи',
  'Героїв Небесної Сотні',
  'Юрія Кондратюка',
  'Володимира Великого',
];

const BRANDS: readonly string[] = [
  'Гармонія',
  'Афіна',
  'Ерудит',
  'Основа',
  'Лідер',
  'Інтелект',
  'Оріяна',
  'Мрія',
  'Дивосвіт',
  'Соняшник',
  'Просвіта',
  'Перспектива',
  'Сучасник',
  'Еврика',
  'Джерело',
  'Логос',
  'Світанок',
  'Надія',
  'Майбутнє',
  'Освітні горизонти',
  'Крок',
  'Школа радості',
  'Вектор',
  'Грані',
  'Талант',
  'Ейдос',
  'Оберіг',
  'Сонячна',
  'Нова школа',
];

const TYPE_WORD: Readonly<Record<SchoolType, string>> = {
  primary: 'Початкова школа',
  gymnasium: 'Гімназія',
  lyceum: 'Ліцей',
  complex: 'Навчально-виховний комплекс',
  special: 'Спеціальна школа',
  other: 'Санаторна школа',
};

const PRIVATE_TYPE_WORD: Readonly<Record<SchoolType, string>> = {
  primary: 'Приватна початкова школа',
  gymnasium: 'Приватна гімназія',
  lyceum: 'Приватний ліцей',
  complex: 'Приватний навчально-виховний комплекс',
  special: 'Приватна спеціальна школа',
  other: 'Приватна школа',
};

export interface SchoolNameInput {
  type: SchoolType;
  ownership: Ownership;
  region: RegionInfo;
  hromada: HromadaInfo;
  settlement: SettlementInfo;
  /** The school's number among the numbered schools of its hromada (or of Kyiv, or of the oblast's special schools). */
  number: number | null;
  gradeMax: number;
}

/** «селища Сонячний», «села Андріївка» — the settlement after the generic word, in apposition. */
function settlementPhrase(s: SettlementInfo): string {
  switch (s.category) {
    case 'X':
    case 'T':
      return `селища ${s.name}`;
    case 'C':
      return `села ${s.name}`;
    default:
      return `м. ${s.name}`;
  }
}

/** «м. Буча»; in Kyiv, where private schools are many, with the district: «Печерського району міста Києва». */
function cityPhrase(input: SchoolNameInput, withDistrict: boolean): string {
  if (input.hromada.kind !== 'capital_district') return settlementPhrase(input.settlement);
  return withDistrict ? `${input.hromada.name.slice(0, -2)}ого району міста Києва` : 'міста Києва';
}

/** A school's full name, short name and founder. */
export function schoolName(input: SchoolNameInput, rng: Rng): { name: string; shortName: string; founder: string } {
  const { type, ownership, region, hromada, settlement, number } = input;
  const numbered = number !== null ? ` № ${number}` : '';
  const capital = hromada.kind === 'capital_district';
  if (ownership === 'private') {
    const brand = rng.pick(BRANDS);
    const head = `${PRIVATE_TYPE_WORD[type]} „${brand}“${numbered}`;
    return {
      name: `${head} ${cityPhrase(input, true)}`,
      shortName: head,
      founder: `ТОВ „${brand}-Освіта“`,
    };
  }
  if (ownership === 'state') {
    const brand = rng.pick(BRANDS);
    return {
      name: `Державний ліцей-інтернат „${brand}“${numbered} ${cityPhrase(input, false)}`,
      shortName: `Державний ліцей-інтернат „${brand}“`,
      founder: MINISTRY_NAME,
    };
  }
  if (type === 'special' || type === 'other') {
    // Special and sanatorium schools are owned by the oblast council (by the city in Kyiv).
    const owner = capital ? 'міста Києва' : `${feminineGenitive(region.name)} обласної ради`;
    return {
      name: `${TYPE_WORD[type]}${numbered} ${owner}`,
      shortName: `${TYPE_WORD[type]}${numbered}`,
      founder: capital ? 'Київська міська рада' : `${region.name} обласна рада`,
    };
  }
  const council = capital ? 'міста Києва' : councilName(hromada, 'genitive');
  const founder = councilName(hromada, 'nominative');
  const namesake = rng.chance(0.12) ? ` імені ${rng.pick(NAMESAKES)}` : '';
  const place = settlement.category === 'M' || capital ? '' : ` ${settlementPhrase(settlement)}`;
  if (type === 'complex') {
    const profile =
      input.gradeMax >= 11
        ? 'Загальноосвітня школа І–ІІІ ступенів – гімназія'
        : settlement.category === 'C'
          ? 'Заклад дошкільної освіти – загальноосвітня школа І–ІІ ступенів'
          : 'Загальноосвітня школа І–ІІ ступенів – заклад дошкільної освіти';
    return {
      name: `${TYPE_WORD.complex} „${profile}“${numbered}${place}${namesake} ${council}`,
      shortName: `НВК${numbered}${place}`,
      founder,
    };
  }
  return {
    name: `${TYPE_WORD[type]}${numbered}${place}${namesake} ${council}`,
    shortName: `${TYPE_WORD[type]}${numbered}${place}`,
    founder,
  };
}

const STREETS: readonly string[] = [
  'Шевченка',
  'Незалежності',
  'Миру',
  'Центральна',
  'Садова',
  'Молодіжна',
  'Лесі Українки',
  'Івана Франка',
  'Грушевського',
  'Соборна',
  'Героїв України',
  'Зелена',
  'Шкільна',
  'Польова',
  'Лісова',
  'Набережна',
  'Гагаріна',
  'Київська',
  'Вишнева',
  'Козацька',
  'Січових Стрільців',
  'Гетьмана Мазепи',
  'Квітнева',
  'Весняна',
  'Мирна',
  'Берегова',
  'Зарічна',
  'Українська',
  'Соборності',
  'Нова',
];

/** A street address: «вул. Садова, 14», for a home in a town often with a flat («вул. Садова, 14, кв. 27»). */
export function streetAddress(rng: Rng, urban: boolean, home = true): string {
  const street = STREETS[rng.below(STREETS.length)]!;
  const house = urban ? rng.int(1, 160) : rng.int(1, 90);
  return home && urban && rng.chance(0.65)
    ? `вул. ${street}, ${house}, кв. ${rng.int(1, 220)}`
    : `вул. ${street}, ${house}`;
}
