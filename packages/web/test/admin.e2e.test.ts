import { kyivDate } from '@aikom/domain/kyiv-time';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BOOTSTRAP_ADMIN,
  addPupil,
  createAccount,
  signIn,
  setUpSchool,
  type Account,
  type ApiSession,
  type SchoolSetup,
} from './api';
import { launchBrowser, openPage, startPortal, type Portal, type TestPage } from './browser';
import { expected401, heading, signInUi } from './flows';

/**
 * Sessions, the profile, user management, the audit log and organisation changes — each test sets up what it needs
 * through the API and does in the browser only what it checks.
 */
describe('sessions, users, audit and organisations', () => {
  let portal: Portal;
  let browser: Browser;
  let setup: SchoolSetup;
  let regional: ApiSession;
  let ouoAdmin: ApiSession;
  let clerk: { account: Account; session: ApiSession };
  let t: TestPage;

  beforeAll(async () => {
    portal = await startPortal({ bootstrapAdmin: BOOTSTRAP_ADMIN });
    browser = await launchBrowser();
    setup = await setUpSchool(portal, 's');
    regional = setup.regional.session;
    ouoAdmin = setup.ouoAdmin.session;
    clerk = await createAccount(ouoAdmin, {
      login: 'clerk.s',
      fullName: 'Ткаченко Оксана Миколаївна',
      role: 'school_editor',
      organisationId: setup.school.id,
    });
    await addPupil(setup.editorSession, setup.school);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });
  beforeEach(async () => {
    t = await openPage(browser, portal);
  });
  afterEach(async () => {
    await t?.context.close();
  });

  it('brings a user whose session ended back to sign-in with a message, then to where they were', async () => {
    await setup.editorSession.shareWith(t.context);
    const { page } = t;
    await page.goto(`/schools/${setup.school.id}`);
    await heading(page, 'Учні');
    // On another device the same user signs out everywhere else: this browser's session ends.
    const other = await openPage(browser, portal);
    try {
      await (await signIn(portal, setup.editor)).shareWith(other.context);
      await other.page.goto('/profile');
      await heading(other.page, 'Мій профіль');
      await other.page.getByRole('button', { name: 'Вийти на всіх інших пристроях' }).click();
      await other.page.getByRole('status').filter({ hasText: 'Завершено 1 інший сеанс.' }).waitFor();
      // The list reloads after the status appears: poll until it shows the one session left.
      const rows = other.page.getByRole('table', { name: 'Сеанси' }).locator('tbody tr');
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1);
    } finally {
      await other.context.close();
    }
    await page.getByRole('link', { name: 'Клас 6-А' }).click();
    await heading(page, 'Вхід');
    await page.getByRole('status').filter({ hasText: 'Сеанс завершено. Увійдіть знову' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe(
      `/schools/${setup.school.id}/classes/${encodeURIComponent('6-А')}`,
    );
    await signInUi(page, setup.editor, '');
    await heading(page, 'Клас 6-А');
    // The heading comes before the class list has loaded: wait for the row, then count it.
    const pupil = page.getByRole('link', { name: 'Шевченко Тарас Григорович' });
    await expect.poll(() => pupil.count(), { timeout: 15_000 }).toBe(1);
    expect(expected401(t.problems)).toEqual([]);
  });

  it('lists my sessions, ends one, and changes my password by the server’s rules', async () => {
    await signIn(portal, clerk.account);
    await clerk.session.shareWith(t.context);
    const { page } = t;
    await page.goto('/');
    await page.getByRole('button', { name: /Ткаченко Оксана Миколаївна/ }).click();
    await page.getByRole('link', { name: 'Мій профіль' }).click();
    await heading(page, 'Мій профіль');
    const rows = page.getByRole('table', { name: 'Сеанси' }).locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.filter({ hasText: 'цей сеанс' }).count()).toBe(1);
    await page.getByRole('button', { name: /^Завершити сеанс/ }).click();
    await page.getByRole('status').filter({ hasText: 'Сеанс завершено.' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 1);
    expect(await page.getByRole('button', { name: 'Вийти на всіх інших пристроях' }).isDisabled()).toBe(true);

    // The password: a wrong current one, then a common one (the server refuses it), then a good one.
    await page.getByLabel('Поточний пароль').fill('не той пароль зовсім');
    await page.getByLabel('Новий пароль', { exact: true }).fill('qwertyuiopasdf');
    await page.getByLabel('Повторіть новий пароль').fill('qwertyuiopasdf');
    await page.getByRole('button', { name: 'Змінити пароль' }).click();
    await page.getByRole('alert').filter({ hasText: 'Поточний пароль неправильний.' }).waitFor();
    await page.getByLabel('Поточний пароль').fill(clerk.account.password);
    await page.getByRole('button', { name: 'Змінити пароль' }).click();
    await page.getByRole('alert').filter({ hasText: 'надто поширений' }).waitFor();
    const next = 'Лелеки повертаються додому навесні';
    await page.getByLabel('Новий пароль', { exact: true }).fill(next);
    await page.getByLabel('Повторіть новий пароль').fill(next);
    await page.getByRole('button', { name: 'Змінити пароль' }).click();
    await page.getByRole('status').filter({ hasText: 'Пароль змінено.' }).waitFor();
    clerk.account.password = next;
    expect(t.problems.every((p) => /status of (400|401)/.test(p))).toBe(true);
  });

  it('searches the audit log by action and date, page by page', async () => {
    // Enough entries in the region for more than one page.
    const pupils = await regional.api.schools.pupils(setup.school.id);
    for (let i = 0; i < 55; i++) await regional.api.pupils.get(pupils[0]!.id);
    await regional.shareWith(t.context);
    const { page } = t;
    await page.goto('/audit');
    await heading(page, 'Журнал аудиту');
    const rows = page.getByRole('table', { name: 'Записи журналу' }).locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Наступні →' }).click();
    await page.getByRole('heading', { level: 2, name: /сторінка 2/ }).waitFor();
    await page.getByRole('button', { name: '← Попередні' }).click();
    await page.getByRole('heading', { level: 2, name: 'Записи журналу' }).waitFor();
    expect(await page.getByRole('button', { name: '← Попередні' }).isDisabled()).toBe(true);

    await page.getByLabel('Дія').selectOption({ label: 'Створення користувача' });
    // The audit log's days are Kyiv's: between 22:00 and 24:00 UTC (21:00 in summer) the machine's date is a day behind.
    const [y, m, day] = kyivDate(new Date()).split('-');
    const today = `${day}.${m}.${y}`;
    await page.getByLabel('З дати').fill(today);
    await page.getByLabel('По дату').fill(today);
    await page.getByRole('button', { name: 'Шукати' }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('action') === 'user.create');
    await page.getByRole('table', { name: 'Записи журналу' }).waitFor();
    const created = await page.getByRole('table', { name: 'Записи журналу' }).locator('tbody tr').allTextContents();
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(created.every((r) => r.includes('Створення користувача'))).toBe(true);
    expect(created.some((r) => r.includes('region.s'))).toBe(true);
    expect(t.problems).toEqual([]);
  });

  it('edits an organisation with If-Match, shows its history, and refuses to overwrite a concurrent change', async () => {
    await regional.shareWith(t.context);
    const { page } = t;
    await page.goto(`/organisations/${setup.ouo.id}`);
    await heading(page, 'Управління освіти Бучанської міської ради');
    await page.getByRole('link', { name: 'Редагувати' }).click();
    await heading(page, 'Редагування: Управління освіти Бучанської міської ради');
    await page.getByLabel(/^Скорочена назва/).fill('УО Бучі');
    await page.getByRole('button', { name: 'Зберегти' }).click();
    await heading(page, 'Управління освіти Бучанської міської ради');
    await page.getByRole('status').filter({ hasText: 'Зміни збережено.' }).waitFor();
    const history = page.getByRole('table', { name: 'Історія змін' }).locator('tbody tr');
    await history.first().waitFor();
    expect(await history.first().textContent()).toContain('Скорочена назва: — → УО Бучі');
    expect(await history.first().textContent()).toContain('region.s');
    expect(await history.last().textContent()).toContain('Створено');

    await page.getByRole('link', { name: 'Редагувати' }).click();
    await heading(page, 'Редагування: Управління освіти Бучанської міської ради');
    const current = await regional.api.organisations.get(setup.ouo.id);
    await regional.api.organisations.update(
      setup.ouo.id,
      { address: 'м. Буча, вул. Енергетиків, 12' },
      { ifMatch: current.etag },
    );
    await page.getByLabel(/^Скорочена назва/).fill('Управління освіти Бучі');
    await page.getByRole('button', { name: 'Зберегти' }).click();
    await page.getByRole('alert').filter({ hasText: 'Поки ви редагували, запис змінив інший користувач.' }).waitFor();
    await page.getByRole('button', { name: 'Завантажити поточну версію' }).click();
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLInputElement>('input[name$="-address"]')?.value === 'м. Буча, вул. Енергетиків, 12',
    );
    expect(t.problems.every((p) => /status of 412/.test(p))).toBe(true);
  });
  it('lets a region administrator reach a school’s pupils through the organisation tree, read-only', async () => {
    await regional.shareWith(t.context);
    const { page } = t;
    await page.goto('/organisations');
    await heading(page, 'Організації');
    await page
      .getByRole('button', { name: /^Розгорнути: Управління освіти Бучанської міської ради|^Розгорнути: УО Бучі/ })
      .click();
    await page.getByRole('link', { name: 'Бучанський ліцей № 1 Бучанської міської ради' }).click();
    await heading(page, 'Бучанський ліцей № 1 Бучанської міської ради');
    await page.getByRole('link', { name: 'Учні закладу' }).click();
    await heading(page, 'Учні');
    expect(await page.getByRole('link', { name: 'Додати учня' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Клас 6-А' }).click();
    await heading(page, 'Клас 6-А');
    await page.getByRole('link', { name: 'Шевченко Тарас Григорович' }).click();
    await heading(page, 'Шевченко Тарас Григорович');
    expect(await page.getByRole('link', { name: 'Редагувати' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Вибуття учня' }).count()).toBe(0);
    expect(t.problems).toEqual([]);
  });

  it('lets an ОУО administrator disable, enable, limit in time and reset a school user', async () => {
    await ouoAdmin.shareWith(t.context);
    const { page } = t;
    await page.goto('/users');
    await heading(page, 'Користувачі');
    const row = page.getByRole('row', { name: /secretary\.s/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Відповідальний за дані закладу');
    expect(await row.textContent()).toContain('активний');

    await row.getByRole('button', { name: 'Вимкнути secretary.s' }).click();
    await page.getByRole('status').filter({ hasText: 'Обліковий запис secretary.s вимкнено' }).waitFor();
    expect(await row.textContent()).toContain('вимкнений');
    await row.getByRole('button', { name: 'Увімкнути secretary.s' }).click();
    await page.getByRole('status').filter({ hasText: 'Обліковий запис secretary.s увімкнено.' }).waitFor();

    await row.getByRole('button', { name: 'Термін доступу secretary.s' }).click();
    const limit = page.getByRole('dialog', { name: 'Термін доступу' });
    await limit.getByLabel('Доступ до (включно)').fill('31.12.2099');
    await limit.getByRole('button', { name: 'Зберегти' }).click();
    await page.getByRole('status').filter({ hasText: 'Доступ secretary.s обмежено до 31.12.2099.' }).waitFor();
    expect(await row.textContent()).toContain('31.12.2099');

    await row.getByRole('button', { name: 'Скинути доступ secretary.s' }).click();
    await page
      .getByRole('dialog', { name: 'Скинути доступ?' })
      .getByRole('button', { name: 'Скинути й отримати код' })
      .click();
    const code = page.getByRole('dialog', { name: 'Новий код активації' });
    await code.waitFor();
    expect(await code.locator('.activation-code code').textContent()).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await code.getByRole('button', { name: 'Готово, код передано' }).click();
    expect(await row.textContent()).toContain('очікує активації');

    // The filters narrow the list by the address.
    await page.getByLabel('Стан').selectOption('pending');
    await page.getByRole('button', { name: 'Показати' }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('status') === 'pending');
    await page.getByRole('row', { name: /secretary\.s/ }).waitFor();
    expect(await page.getByRole('row', { name: /clerk\.s/ }).count()).toBe(0);
    await page.getByLabel('Логін або прізвище').fill('нікого');
    await page.getByRole('button', { name: 'Показати' }).click();
    await page.getByText('Користувачів за цими умовами немає.').waitFor();
    expect(t.problems).toEqual([]);
  });
});
