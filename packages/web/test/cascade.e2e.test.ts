import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_PASSWORD, BOOTSTRAP, BOOTSTRAP_ADMIN, SCHOOL_EDRPOU, type Account } from './api';
import { launchBrowser, openPage, startPortal, type Portal, type TestPage } from './browser';
import { activateUi, enrolUi, expected401, heading, pick, signInUi, signOutUi } from './flows';

/**
 * The access cascade as new users live it, in the browser only: the ministry administrator (bootstrap) gives a
 * region its administrator, who creates an ОУО, a school and the ОУО's administrator, who gives the school its data
 * editor; each new user activates the account with the one-time code and enrols the second factor.
 */
describe('the access cascade, as new users go through it', () => {
  let portal: Portal;
  let browser: Browser;

  beforeAll(async () => {
    portal = await startPortal({ bootstrapAdmin: BOOTSTRAP_ADMIN });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  /** Creates a user on «Користувачі» → «Створити користувача» and returns the code the dialog shows once. */
  async function createUser(
    page: Page,
    user: { fullName: string; login: string; role: RegExp; organisation: string; pick: RegExp },
  ) {
    await page.getByRole('navigation', { name: 'Основні розділи' }).getByRole('link', { name: 'Користувачі' }).click();
    await heading(page, 'Користувачі');
    await page.getByRole('link', { name: 'Створити користувача' }).click();
    await heading(page, 'Новий користувач');
    await page.getByLabel('Прізвище, ім’я, по батькові').fill(user.fullName);
    await page.getByLabel('Логін', { exact: true }).fill(user.login);
    await page.getByRole('radio', { name: user.role }).check();
    await pick(page, 'Організація — пошук за назвою або ЄДРПОУ', user.organisation, user.pick);
    await page.getByRole('button', { name: 'Змінити' }).waitFor();
    await page.getByRole('button', { name: 'Створити й отримати код' }).click();
    const dialog = page.getByRole('dialog', { name: 'Код активації' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Код показано лише один раз.');
    const code = (await dialog.locator('.activation-code code').textContent()) ?? '';
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await dialog.getByRole('button', { name: 'Готово, код передано' }).click();
    await heading(page, 'Користувачі');
    await page
      .getByRole('status')
      .filter({ hasText: `Користувача ${user.login} створено.` })
      .waitFor();
    expect(await page.locator('table').getByText(user.login, { exact: true }).count()).toBe(1);
    return code;
  }

  async function newUser(t: TestPage, account: Account, code: string) {
    await activateUi(t.page, account, code);
    await enrolUi(t.page, account);
    await heading(t.page, 'Реєстр учнів закладів загальної середньої освіти');
    await t.page.getByRole('heading', { level: 2, name: 'Ваша робота' }).waitFor();
  }

  it('goes from the ministry down to a school editor who sees only their school', { timeout: 240_000 }, async () => {
    const t = await openPage(browser, portal);
    const { page } = t;

    // 1. The ministry administrator signs in with the bootstrap password and enrols the second factor.
    const admin: Account = { ...BOOTSTRAP };
    await page.goto('/');
    await page.getByRole('link', { name: 'Увійти' }).click();
    await signInUi(page, { ...admin, secret: undefined }, '');
    await enrolUi(page, admin);
    await heading(page, 'Реєстр учнів закладів загальної середньої освіти');
    const nav = page.getByRole('navigation', { name: 'Основні розділи' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Головна',
      'Пошук учня',
      'Організації',
      'Користувачі',
      'Журнал аудиту',
      'Кампанії',
      'Сповіщення',
      'Освітня субвенція',
      'Переведення закладів',
      'Вибулі й ніде не навчаються',
      'Міграція учнів',
      'Звіти',
      'Аналітика',
      'Територіальний устрій',
    ]);
    await page.getByRole('button', { name: /Адміністратор МОН/ }).click();
    expect(await page.locator('.user-menu__panel').textContent()).toContain('Міністерство освіти і науки України');
    await page.keyboard.press('Escape');

    const regional: Account = {
      login: 'o.kovalenko',
      password: ACCOUNT_PASSWORD,
      fullName: 'Коваленко Олена Петрівна',
    };
    const regionalCode = await createUser(page, {
      fullName: regional.fullName,
      login: regional.login,
      role: /^Адміністратор регіону/,
      organisation: 'Київської обл',
      pick: /Департамент освіти і науки Київської обласної державної адміністрації/,
    });
    await signOutUi(page, admin.fullName);

    // 2. The region administrator activates, enrols, creates an ОУО, a school under it and the ОУО's administrator.
    await newUser(t, regional, regionalCode);
    await nav.getByRole('link', { name: 'Організації' }).click();
    await heading(page, 'Організації');
    await page
      .getByRole('link', { name: 'Департамент освіти і науки Київської обласної державної адміністрації' })
      .click();
    await heading(page, 'Департамент освіти і науки Київської обласної державної адміністрації');
    await page.getByRole('link', { name: 'Створити ОУО' }).click();
    await heading(page, 'Створити ОУО');
    await page.getByLabel('Повна назва').fill('Управління освіти Бучанської міської ради');
    await pick(page, 'Місцезнаходження — пошук за назвою', 'Буча', /^м\. Буча/);
    await page.locator('.picked__name', { hasText: 'м. Буча' }).waitFor();
    await page.getByRole('button', { name: 'Створити', exact: true }).click();
    await heading(page, 'Управління освіти Бучанської міської ради');
    await page
      .getByRole('status')
      .filter({ hasText: 'Організацію «Управління освіти Бучанської міської ради» створено.' })
      .waitFor();

    await page.getByRole('link', { name: 'Створити заклад' }).click();
    await heading(page, 'Створити заклад');
    await page.getByLabel('Повна назва').fill('Бучанський ліцей № 1 Бучанської міської ради');
    // A mistyped ЄДРПОУ is caught before sending: the check digit.
    await page.getByLabel('Код ЄДРПОУ').fill('32855962');
    await page.getByRole('button', { name: 'Створити', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Код ЄДРПОУ має неправильну контрольну цифру' }).waitFor();
    await page.getByLabel('Код ЄДРПОУ').fill(SCHOOL_EDRPOU);
    await pick(page, 'Місцезнаходження — пошук за назвою', 'Буча', /^м\. Буча/);
    await page.getByLabel('Тип закладу').selectOption({ label: 'ліцей' });
    await page.getByRole('radio', { name: 'комунальна' }).check();
    await page.getByRole('button', { name: 'Створити', exact: true }).click();
    await heading(page, 'Бучанський ліцей № 1 Бучанської міської ради');
    const facts = await page.locator('.facts').textContent();
    expect(facts).toContain(SCHOOL_EDRPOU);
    expect(facts).toContain('ліцей');
    expect(facts).toContain('міська');

    const ouoAdmin: Account = {
      login: 'i.bondarenko',
      password: ACCOUNT_PASSWORD,
      fullName: 'Бондаренко Ігор Васильович',
    };
    const ouoCode = await createUser(page, {
      fullName: ouoAdmin.fullName,
      login: ouoAdmin.login,
      role: /^Адміністратор ОУО/,
      organisation: 'Бучанськ',
      pick: /Управління освіти Бучанської міської ради/,
    });
    await signOutUi(page, regional.fullName);

    // 3. The ОУО administrator activates, enrols and gives the school its data editor.
    await newUser(t, ouoAdmin, ouoCode);
    const editor: Account = { login: 'n.melnyk', password: ACCOUNT_PASSWORD, fullName: 'Мельник Наталія Іванівна' };
    const editorCode = await createUser(page, {
      fullName: editor.fullName,
      login: editor.login,
      role: /^Відповідальний за дані закладу/,
      organisation: 'ліцей',
      pick: /Бучанський ліцей № 1/,
    });
    await signOutUi(page, ouoAdmin.fullName);

    // 4. The school editor activates (the second factor is required for everyone without demo data).
    await newUser(t, editor, editorCode);
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      'Головна',
      'Учні',
      'Якість даних',
      'Пошук учня',
      'Заклад',
      'Кампанії',
      'Сповіщення',
      'Переведення учнів',
      'Вибулі й ніде не навчаються',
      'Звіти',
      'Аналітика',
      'Територіальний устрій',
    ]);
    await nav.getByRole('link', { name: 'Учні', exact: true }).click();
    await heading(page, 'Учні');
    expect(await page.locator('.subtitle').textContent()).toContain('Бучанський ліцей № 1 Бучанської міської ради');
    expect(await page.getByRole('link', { name: 'Додати учня' }).count()).toBe(1);
    await nav.getByRole('link', { name: 'Заклад' }).click();
    await heading(page, 'Бучанський ліцей № 1 Бучанської міської ради');
    // Their organisation tree is their school alone.
    await page.goto('/organisations');
    await heading(page, 'Організації');
    const tree = page.locator('.tree');
    await tree.waitFor();
    expect(await tree.getByRole('link').allTextContents()).toEqual(['Бучанський ліцей № 1 Бучанської міської ради']);
    // Sections of other roles say so instead of showing anything.
    await page.goto('/users');
    await heading(page, 'Недостатньо прав');
    expect(expected401(t.problems)).toEqual([]);
    await t.context.close();
  });
});
