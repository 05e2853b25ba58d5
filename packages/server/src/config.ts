import path from 'node:path';
import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Every setting of the server and the CLI, from the environment. One schema, validated at start: a bad setting stops
 * the start with a list of what is wrong. `hint` is what the operator reads when the value is rejected.
 */
const setting = <T extends TSchema>(schema: T, hint: string) => Object.assign(schema, { hint });

export const ConfigSchema = Type.Object({
  PORT: setting(Type.Integer({ minimum: 1, maximum: 65535, default: 3000 }), 'ціле число від 1 до 65535'),
  HOST: setting(Type.String({ minLength: 1, default: '127.0.0.1' }), 'адреса для прослуховування, напр. 127.0.0.1'),
  DATA_DIR: setting(Type.String({ minLength: 1, default: './data' }), 'каталог вбудованої бази даних і ключів'),
  DATABASE_URL: setting(
    Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
    'рядок підключення postgres://користувач@вузол:порт/база',
  ),
  AIKOM_BOOTSTRAP_ADMIN: setting(
    Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._@-]{3,64}:.{12,256}$' })),
    'логін:пароль (логін 3–64 символи a-z 0-9 . _ @ -, пароль щонайменше 12 символів)',
  ),
  AIKOM_DEMO: setting(Type.Union([Type.Literal('0'), Type.Literal('1')], { default: '1' }), '1 (демо-дані) або 0'),
  AIKOM_KEY_FILE: setting(
    Type.Optional(Type.String({ minLength: 1 })),
    'шлях до файлу ключів шифрування (типово DATA_DIR/keys.json; створюється, якщо його немає)',
  ),
  AIKOM_SESSION_IDLE_MINUTES: setting(Type.Integer({ minimum: 1, maximum: 1440, default: 30 }), 'хвилини, 1–1440'),
  AIKOM_SESSION_ABSOLUTE_HOURS: setting(Type.Integer({ minimum: 1, maximum: 168, default: 12 }), 'години, 1–168'),
  AIKOM_MFA: setting(
    Type.Optional(Type.Enum(['required', 'admins', 'off'])),
    'required (усім; типово), admins (лише адміністраторам; типово в демо-режимі) або off (лише в демо-режимі)',
  ),
  AIKOM_PUBLIC_URL: setting(
    Type.Optional(Type.String({ pattern: '^https?://' })),
    'зовнішня адреса, напр. https://aikom.example',
  ),
  AIKOM_TRUST_PROXY: setting(
    Type.Union([Type.Literal('0'), Type.Literal('1')], { default: '0' }),
    '1 за зворотним проксі з TLS',
  ),
  AIKOM_SMTP_URL: setting(Type.Optional(Type.String({ pattern: '^smtps?://' })), 'smtp://вузол:порт'),
  AIKOM_MAIL_FROM: setting(Type.String({ minLength: 3, default: 'aikom@localhost' }), 'адреса відправника'),
  AIKOM_TRANSIT_DAYS: setting(Type.Integer({ minimum: 1, maximum: 365, default: 10 }), 'навчальні дні, 1–365'),
  AIKOM_MAX_UPLOAD_MB: setting(Type.Integer({ minimum: 1, maximum: 200, default: 20 }), 'мегабайти, 1–200'),
  LOG_LEVEL: setting(
    Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
    'fatal, error, warn, info, debug, trace або silent',
  ),
});

export type RawConfig = Static<typeof ConfigSchema>;

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  bootstrapAdmin: { login: string; password: string } | undefined;
  demo: boolean;
  keyFile: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  mfa: 'required' | 'admins' | 'off';
  publicUrl: string | undefined;
  trustProxy: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  transitDays: number;
  maxUploadBytes: number;
  logLevel: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Неправильні налаштування:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const keys = Object.keys(ConfigSchema.properties) as Array<keyof RawConfig>;
  const input: Record<string, unknown> = {};
  for (const key of keys) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const converted = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, input));
  const problems: string[] = [];
  for (const key of keys) {
    const schema = ConfigSchema.properties[key] as TSchema & { hint: string };
    const value = (converted as Record<string, unknown>)[key];
    if (value === undefined && !(key in input)) continue;
    if (!Value.Check(schema, value)) {
      problems.push(`${key}: очікується ${schema.hint}; отримано «${redact(key, String(env[key]))}»`);
    }
  }
  const raw = converted as RawConfig;
  if (raw.AIKOM_MFA === 'off' && raw.AIKOM_DEMO !== '1') {
    problems.push('AIKOM_MFA: значення off дозволене лише з демо-даними (AIKOM_DEMO=1)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const admin = raw.AIKOM_BOOTSTRAP_ADMIN;
  const colon = admin?.indexOf(':') ?? -1;
  return {
    port: raw.PORT,
    host: raw.HOST,
    dataDir: path.resolve(raw.DATA_DIR),
    databaseUrl: raw.DATABASE_URL,
    bootstrapAdmin: admin
      ? { login: admin.slice(0, colon).toLowerCase(), password: admin.slice(colon + 1) }
      : undefined,
    demo: raw.AIKOM_DEMO === '1',
    keyFile: path.resolve(raw.AIKOM_KEY_FILE ?? path.join(raw.DATA_DIR, 'keys.json')),
    sessionIdleMs: raw.AIKOM_SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: raw.AIKOM_SESSION_ABSOLUTE_HOURS * 3_600_000,
    // Second factor: always for admin roles; in the demo, other roles may sign in with a password alone.
    mfa: raw.AIKOM_MFA ?? (raw.AIKOM_DEMO === '1' ? 'admins' : 'required'),
    publicUrl: raw.AIKOM_PUBLIC_URL,
    trustProxy: raw.AIKOM_TRUST_PROXY === '1',
    smtpUrl: raw.AIKOM_SMTP_URL,
    mailFrom: raw.AIKOM_MAIL_FROM,
    transitDays: raw.AIKOM_TRANSIT_DAYS,
    maxUploadBytes: raw.AIKOM_MAX_UPLOAD_MB * 1024 * 1024,
    logLevel: raw.LOG_LEVEL,
  };
}

/** Secrets never reach a log or an error message. */
function redact(key: string, value: string): string {
  if (key === 'AIKOM_BOOTSTRAP_ADMIN') return value.replace(/:.*/s, ':***');
  if (key === 'DATABASE_URL' || key === 'AIKOM_SMTP_URL') return value.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return value;
}

/** Human-readable list of settings, for `--help` and the README. */
export function describeSettings(): Array<{ name: string; hint: string; default: unknown }> {
  return Object.entries(ConfigSchema.properties).map(([name, schema]) => ({
    name,
    hint: (schema as TSchema & { hint: string }).hint,
    default: (schema as { default?: unknown }).default,
  }));
}
