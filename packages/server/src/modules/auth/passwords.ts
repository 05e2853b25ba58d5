import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

/**
 * Password hashing (argon2id, OWASP-recommended parameters: 19 MiB, t=2, p=1) and the password rules of
 * NIST SP 800-63B § 3.1.1.2: a minimum length, no composition rules, and refusal of passwords that are common,
 * breached-list style, or guessable from context (the login, the product name).
 *
 * The binding is @node-rs/argon2 (prebuilt per platform inside its registry packages, no install script); hashes are
 * PHC strings, so any argon2 implementation verifies them.
 */
// The binding's `Algorithm` is an ambient const enum (no runtime object); 2 is its Argon2id.
const ARGON2ID = 2 as Algorithm.Argon2id;
const HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password: verifying against it costs as much as a real one (no timing oracle for logins). */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hashPassword('aikom-timing-equaliser-' + Math.random()));
}

/** The Ukrainian ЙЦУКЕН layout typed as the QWERTY keys under it, so «йцукенг» is seen as the keyboard walk it is. */
const UK_TO_QWERTY: Readonly<Record<string, string>> = Object.fromEntries(
  [...'йцукенгшщзхїфівапролджєячсмитьбю'].map((c, i) => [c, "qwertyuiop[]asdfghjkl;'zxcvbnm,."[i]!]),
);

const UKRAINIAN_COMMON = [
  'пароль',
  'україна',
  'славаукраїні',
  'героямслава',
  'київ',
  'школа',
  'учень',
  'освіта',
  'ліцей',
  'гімназія',
  'директор',
  'секретар',
  'кохання',
  'сонечко',
  'зайчик',
  'котик',
  'parol',
  'ukraina',
  'slavaukraini',
  'kyiv',
  'aikom',
  'аіком',
  'айком',
  'mon',
  'osvita',
  'shkola',
];

let zxcvbn: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  return (zxcvbn ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ukrainian: UKRAINIAN_COMMON },
    graphs: common.adjacencyGraphs,
  }));
}

export type PasswordProblem =
  'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_COMMON' | 'PASSWORD_CONTAINS_LOGIN';

export const PASSWORD_MESSAGES: Readonly<Record<PasswordProblem, string>> = {
  PASSWORD_TOO_SHORT: `Пароль має містити щонайменше ${PASSWORD_MIN} символів. Найкраще — фраза з кількох слів.`,
  PASSWORD_TOO_LONG: `Пароль має бути не довшим за ${PASSWORD_MAX} символів.`,
  PASSWORD_COMMON: 'Цей пароль надто поширений або легко вгадується. Оберіть іншу фразу з кількох слів.',
  PASSWORD_CONTAINS_LOGIN: 'Пароль не може містити логін.',
};

/** Checks a new password; returns the problems (empty = acceptable). */
export function checkPassword(
  password: string,
  context: { login?: string; fullName?: string } = {},
): PasswordProblem[] {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return ['PASSWORD_TOO_SHORT'];
  if (length > PASSWORD_MAX) return ['PASSWORD_TOO_LONG'];
  const problems: PasswordProblem[] = [];
  const lower = password.toLowerCase();
  if (context.login && context.login.length >= 3 && lower.includes(context.login.toLowerCase()))
    problems.push('PASSWORD_CONTAINS_LOGIN');
  const inputs = [context.login, ...(context.fullName?.split(/\s+/) ?? [])].filter(
    (s): s is string => !!s && s.length >= 3,
  );
  const asQwerty = [...lower].map((c) => UK_TO_QWERTY[c] ?? c).join('');
  const score = Math.min(estimator().check(password, inputs).score, estimator().check(asQwerty, inputs).score);
  if (score < 3) problems.push('PASSWORD_COMMON');
  return problems;
}
