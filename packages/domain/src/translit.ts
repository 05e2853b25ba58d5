/**
 * Ukrainian → Latin transliteration by the official table of КМУ постанова № 55 of 27.01.2010
 * («Про впорядкування транслітерації українського алфавіту латиницею»). Used for passports, hence for
 * border-crossing records, and for typo-tolerant search keys that do not depend on the database collation.
 *
 * Rules of the table: є, ї, й, ю, я at the start of a word are Ye, Yi, Y, Yu, Ya and elsewhere ie, i, i, iu, ia;
 * «зг» is «zgh» (to tell it from «ж» = zh); the soft sign and the apostrophe are dropped.
 */
const TABLE: Readonly<Record<string, readonly [initial: string, inner: string]>> = {
  а: ['a', 'a'],
  б: ['b', 'b'],
  в: ['v', 'v'],
  г: ['h', 'h'],
  ґ: ['g', 'g'],
  д: ['d', 'd'],
  е: ['e', 'e'],
  є: ['ye', 'ie'],
  ж: ['zh', 'zh'],
  з: ['z', 'z'],
  и: ['y', 'y'],
  і: ['i', 'i'],
  ї: ['yi', 'i'],
  й: ['y', 'i'],
  к: ['k', 'k'],
  л: ['l', 'l'],
  м: ['m', 'm'],
  н: ['n', 'n'],
  о: ['o', 'o'],
  п: ['p', 'p'],
  р: ['r', 'r'],
  с: ['s', 's'],
  т: ['t', 't'],
  у: ['u', 'u'],
  ф: ['f', 'f'],
  х: ['kh', 'kh'],
  ц: ['ts', 'ts'],
  ч: ['ch', 'ch'],
  ш: ['sh', 'sh'],
  щ: ['shch', 'shch'],
  ь: ['', ''],
  ю: ['yu', 'iu'],
  я: ['ya', 'ia'],
  "'": ['', ''],
  '’': ['', ''],
  ʼ: ['', ''],
};

const APOSTROPHES = new Set(["'", '’', 'ʼ']);
const isLetter = (ch: string | undefined): boolean => ch !== undefined && /\p{L}/u.test(ch);
const isUpperLetter = (ch: string | undefined): boolean =>
  ch !== undefined && isLetter(ch) && ch === ch.toUpperCase() && ch !== ch.toLowerCase();

/**
 * Transliterates Ukrainian text by the КМУ 2010 table, preserving the case of the first letter of each
 * transliterated character (so «Щербак» → «Shcherbak», «ЩЕРБАК» → «SHCHERBAK»). Characters outside the
 * Ukrainian alphabet pass through unchanged.
 *
 * @example transliterate('Згурський Юрій') // 'Zghurskyi Yurii'
 */
export function transliterate(text: string): string {
  let out = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const lower = ch.toLowerCase();
    const entry = TABLE[lower];
    if (!entry) {
      out += ch;
      continue;
    }
    const prev = chars[i - 1];
    // An apostrophe is part of the word («Мар'яна» → «Mariana»); a word starts after anything else.
    const atWordStart = !isLetter(prev) && !(prev !== undefined && APOSTROPHES.has(prev));
    let latin = atWordStart ? entry[0] : entry[1];
    if (lower === 'г' && chars[i - 1]?.toLowerCase() === 'з') latin = 'gh';
    if (latin === '') continue;
    if (ch !== lower) {
      // A capital inside a word written in capitals is all capitals («ЮЩ» → «YUSHCH»); otherwise only its first
      // Latin letter is («Ю» → «Yu»). The last letter of a word has no next letter, so its previous one decides.
      const next = chars[i + 1];
      const wholeUpper = isUpperLetter(next) || (!isLetter(next) && isUpperLetter(prev));
      latin = wholeUpper ? latin.toUpperCase() : latin[0]!.toUpperCase() + latin.slice(1);
    }
    out += latin;
  }
  return out;
}
