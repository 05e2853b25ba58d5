import { createClient, type AikomClient, type Organisation, type Role } from '@aikom/sdk';
import { generate } from 'otplib';
import type { BrowserContext } from 'playwright-core';
import type { Portal } from './browser';

/**
 * Setting up through the API what a test does not exercise in the browser: the same SDK the portal uses, over a
 * cookie jar (Node's fetch keeps no cookies).
 */
export const SESSION_COOKIE = 'aikom_session';

export class ApiSession {
  private cookie: string | null = null;
  readonly api: AikomClient;

  constructor(readonly portal: Portal) {
    this.api = createClient({ baseUrl: portal.url, fetch: this.fetch });
  }

  private readonly fetch: typeof fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', `${SESSION_COOKIE}=${this.cookie}`);
    const response = await fetch(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const m = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(line);
      if (m) this.cookie = m[1] || null;
    }
    return response;
  };

  /** Continues a session opened elsewhere (its token). */
  adopt(token: string): this {
    this.cookie = token;
    return this;
  }

  /** The session token, to hand this session to a browser context. */
  get token(): string {
    if (!this.cookie) throw new Error('not signed in');
    return this.cookie;
  }

  /** Makes a browser context signed in as this session (cookie, and the portal's marker of a session). */
  async shareWith(context: BrowserContext): Promise<void> {
    await context.addCookies([
      { name: SESSION_COOKIE, value: this.token, url: this.portal.url, httpOnly: true, sameSite: 'Lax' },
    ]);
    await context.addInitScript(() => {
      try {
        localStorage.setItem('aikom.session', '1');
      } catch {
        // the portal then asks the server on a protected page
      }
    });
  }
}

const usedStep = new Map<string, number>();

/**
 * A TOTP code the server will accept: it accepts the current 30-second step and the next, and never a step it has
 * already seen for the user, so two codes for one user in the same step take the next step; a third waits for it.
 */
export async function totpCode(secret: string): Promise<string> {
  for (;;) {
    const step = Math.floor(Date.now() / 30_000);
    const candidate = Math.max(step, (usedStep.get(secret) ?? -1) + 1);
    if (candidate <= step + 1) {
      usedStep.set(secret, candidate);
      return generate({ secret, epoch: candidate * 30 });
    }
    await new Promise((resolve) => setTimeout(resolve, (step + 1) * 30_000 - Date.now() + 50));
  }
}

export interface Account {
  login: string;
  password: string;
  /** The TOTP secret, once enrolled. */
  secret?: string;
  fullName: string;
}

/** Signs in (with a TOTP code when the account has one) and enrols the second factor when the role needs it. */
export async function signIn(portal: Portal, account: Account): Promise<ApiSession> {
  const s = new ApiSession(portal);
  const signedIn = await s.api.auth.login({
    login: account.login,
    password: account.password,
    ...(account.secret ? { totp: await totpCode(account.secret) } : {}),
  });
  if (signedIn.mfaEnrolmentRequired) await enrol(s, account);
  return s;
}

async function enrol(s: ApiSession, account: Account): Promise<void> {
  const setup = await s.api.auth.totpSetup();
  account.secret = setup.secret;
  await s.api.auth.totpConfirm(await totpCode(setup.secret));
}

/** Creates a user with the administrator's session, activates the account and enrols its second factor. */
export async function createAccount(
  admin: ApiSession,
  init: { login: string; fullName: string; role: Role; organisationId: string },
): Promise<{ account: Account; session: ApiSession }> {
  const created = await admin.api.users.create(init);
  const account: Account = { login: init.login, password: ACCOUNT_PASSWORD, fullName: init.fullName };
  const session = new ApiSession(admin.portal);
  const signedIn = await session.api.auth.activate({
    login: init.login,
    code: created.activationCode,
    password: account.password,
  });
  if (signedIn.mfaEnrolmentRequired) await enrol(session, account);
  return { account, session };
}

/** The password every test account gets (a passphrase the server's rules accept). */
export const ACCOUNT_PASSWORD = 'Соняшники ростуть біля ставка влітку';

export const BOOTSTRAP = {
  login: 'root',
  password: 'Каштани цвітуть у травні над Дніпром',
  fullName: 'Адміністратор МОН',
};
export const BOOTSTRAP_ADMIN = `${BOOTSTRAP.login}:${BOOTSTRAP.password}`;
/** A real ЄДРПОУ check digit (the school is synthetic). */
export const SCHOOL_EDRPOU = '32855961';

export async function territoryCode(s: ApiSession, q: string, level: number, displayName: string): Promise<string> {
  const hit = (await s.api.territories.search({ q, level })).find((h) => h.displayName === displayName);
  if (!hit) throw new Error(`no ${displayName} at level ${level}`);
  return hit.code;
}

export interface SchoolSetup {
  admin: ApiSession;
  region: Organisation;
  ouo: Organisation;
  school: Organisation;
  regional: { account: Account; session: ApiSession };
  ouoAdmin: { account: Account; session: ApiSession };
  editor: Account;
  editorSession: ApiSession;
}

/**
 * The cascade down to one school editor, through the API: ministry admin (bootstrap) → region admin of Київська →
 * an ОУО and a school (ЄДРПОУ 32855961, in Буча) → ОУО admin → school editor, each activated with a second factor.
 */
export async function setUpSchool(portal: Portal, tag = 'a'): Promise<SchoolSetup> {
  const admin = await signIn(portal, { ...BOOTSTRAP });
  const regions = await admin.api.organisations.list({ kind: 'region', limit: 100 });
  const region = regions.items.find((o) => o.territory?.name === 'Київська');
  if (!region) throw new Error('no region of Київська');
  const regional = await createAccount(admin, {
    login: `region.${tag}`,
    fullName: 'Коваленко Олена Петрівна',
    role: 'region_admin',
    organisationId: region.id,
  });
  const bucha = await territoryCode(regional.session, 'Буча', 4, 'м. Буча');
  const ouo = await regional.session.api.organisations.create({
    kind: 'ouo',
    parentId: region.id,
    name: 'Управління освіти Бучанської міської ради',
    territoryCode: bucha,
  });
  const school = await regional.session.api.organisations.create({
    kind: 'school',
    parentId: ouo.id,
    name: 'Бучанський ліцей № 1 Бучанської міської ради',
    edrpou: SCHOOL_EDRPOU,
    territoryCode: bucha,
    schoolType: 'lyceum',
    ownership: 'communal',
  });
  const ouoAdmin = await createAccount(regional.session, {
    login: `ouo.${tag}`,
    fullName: 'Бондаренко Ігор Васильович',
    role: 'ouo_admin',
    organisationId: ouo.id,
  });
  const editor = await createAccount(ouoAdmin.session, {
    login: `secretary.${tag}`,
    fullName: 'Мельник Наталія Іванівна',
    role: 'school_editor',
    organisationId: school.id,
  });
  return { admin, region, ouo, school, regional, ouoAdmin, editor: editor.account, editorSession: editor.session };
}

/** A pupil of grade 6-А of the school, as the school editor adds one. */
export async function addPupil(s: ApiSession, school: Organisation, over: Record<string, unknown> = {}) {
  const classes = await s.api.schools.classes(school.id);
  return s.api.pupils.create({
    lastName: 'Шевченко',
    firstName: 'Тарас',
    middleName: 'Григорович',
    sex: 'male',
    birthDate: '2014-03-09',
    birthCertificate: { series: 'І-БК', number: '123456' },
    citizenship: 'UA',
    displacement: { status: 'none' },
    contact: { status: 'in_contact' },
    educationForm: 'day',
    instructionLanguage: 'uk',
    specialNeeds: false,
    enrollment: { schoolEdrpou: school.edrpou!, schoolYear: classes.schoolYear, grade: 6, classLetter: 'А' },
    ...over,
  });
}
