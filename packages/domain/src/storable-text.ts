/**
 * Text the registry can store. PostgreSQL refuses U+0000 in `text` and `jsonb`, and a lone surrogate (half of a
 * UTF-16 pair, e.g. `\uD800`) in `jsonb` (SQLSTATE 22P05). No field of any registry record needs either; where one
 * arrives it marks damaged or hostile input, and it is refused where it enters rather than failing deep inside a
 * write.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * True when the string holds U+0000 or a lone surrogate.
 *
 * @example isUnstorableText('Шев\u0000ченко') // true
 * @example isUnstorableText('😀') // false: a surrogate pair is one character
 */
export function isUnstorableText(s: string): boolean {
  return s.includes('\u0000') || LONE_SURROGATE.test(s);
}
