import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_PASSWORD,
  ApiSession,
  BOOTSTRAP_ADMIN,
  addPupil,
  createAccount,
  setUpSchool,
  type Account,
  type SchoolSetup,
} from './api';
import { launchBrowser, openPage, startPortal, type Portal, type TestPage } from './browser';
import { expected401, heading, pick, signInUi } from './flows';

/** дд.мм.рррр of a day `days` from today (local time, as the portal shows it). */
const inDays = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')}.${d.getFullYear()}`;
};

const SCHOOL = 'Бучанський ліцей № 1 Бучанської міської ради';
const OUO = 'Управління освіти Бучанської міської ради';
const TITLE = 'Актуалізація даних про учнів';
const DIRECTOR_EMAIL = 'director@bucha-licey.example';

/**
 * The «Done when» of the campaigns issue, in the browser as new users would do it: a ministry administrator opens a
 * campaign; the ОУО and the region watch; a school fixes its records pupil by pupil and confirms; the ОУО and the
 * region see the school go green within seconds.
 */
describe('a data-update campaign', () => {
  let portal: Portal;
  let browser: Browser;
  let setup: SchoolSetup;
  let minister: Account;
  const pages: TestPage[] = [];
  let pupilWithout = '';

  beforeAll(async () => {
    portal = await startPortal({ bootstrapAdmin: BOOTSTRAP_ADMIN });
    browser = await launchBrowser();
    setup = await setUpSchool(portal);
    minister = (
      await createAccount(setup.admin, {
        login: 'mon.campaigns',
        fullName: 'Мельник Олександра Петрівна',
        role: 'ministry_admin',
        organisationId: (await setup.admin.api.me.get()).organisation.id,
      })
    ).account;
    // The school's director has an e-mail address: reminders are mailed to them (here: kept in the outbox).
    const director = await setup.ouoAdmin.session.api.users.create({
      login: 'director.a',
      fullName: 'Шевчук Марія Олегівна',
      role: 'school_admin',
      organisationId: setup.school.id,
      email: DIRECTOR_EMAIL,
    });
    await new ApiSession(portal).api.auth.activate({
      login: 'director.a',
      code: director.activationCode,
      password: ACCOUNT_PASSWORD,
    });
    // Legacy-like data: one pupil complete, one without the birth certificate (indicator 1 not recorded).
    await addPupil(setup.editorSession, setup.school);
    const without = await addPupil(setup.editorSession, setup.school, {
      lastName: 'Олійник',
      firstName: 'Ганна',
      middleName: 'Іванівна',
      sex: 'female',
      birthCertificate: undefined,
    });
    pupilWithout = without.id;
  }, 120_000);
  afterAll(async () => {
    for (const p of pages) await p.context.close();
    await browser?.close();
    await portal?.stop();
  });

  it(
    'is opened by the ministry, worked by the school, and goes green for the ОУО and the region',
    { timeout: 150_000 },
    async () => {
      const ministry = await openPage(browser, portal);
      pages.push(ministry);
      const { page } = ministry;
      await signInUi(page, minister);
      await heading(page, 'Реєстр учнів закладів загальної середньої освіти');
      await page.getByRole('navigation', { name: 'Основні розділи' }).getByRole('link', { name: 'Кампанії' }).click();
      await heading(page, 'Кампанії актуалізації даних');
      await page.getByRole('link', { name: 'Нова кампанія' }).click();
      await heading(page, 'Нова кампанія');

      // Bad input: a clear Ukrainian error per field, linked from the summary; nothing is created.
      await page.getByLabel('Кінцевий термін').fill(inDays(-3));
      await page.getByRole('button', { name: 'Розпочати кампанію' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'Виправте, будь ласка, помилки' });
      await summary.waitFor();
      expect(await summary.textContent()).toContain('Введіть назву кампанії');
      expect(await summary.textContent()).toContain('Кінцевий термін не може бути в минулому.');
      expect(await page.getByLabel('Назва кампанії').getAttribute('aria-invalid')).toBe('true');
      expect((await setup.admin.api.http.get<{ items: unknown[] }>('/api/v1/campaigns')).items).toHaveLength(0);

      // The four MON indicators are chosen; confirmation is required by default.
      for (const n of [1, 2, 3, 4]) expect(await page.getByLabel(new RegExp(`^${n}\\. `)).isChecked()).toBe(true);
      expect(await page.getByLabel('Заклад має підтвердити актуальність даних').isChecked()).toBe(true);
      await page.getByLabel('Назва кампанії').fill(TITLE);
      await page.getByLabel(/^Інструкції для закладів/).fill('Перевірте свідоцтво про народження кожного учня.');
      await page.getByLabel('Кінцевий термін').fill(inDays(7));
      await page.getByRole('button', { name: 'Розпочати кампанію' }).click();
      await heading(page, TITLE);
      await page.getByRole('status').filter({ hasText: 'Кампанію розпочато: охоплено 1 заклад.' }).waitFor();
      const monitorUrl = new URL(page.url()).pathname;
      const campaignId = monitorUrl.split('/')[2]!;
      // The ministry sees the regions, the tile map (with its table) and the chart of completion over time.
      const regions = page.getByRole('table', { name: 'Виконання за регіонами' });
      expect(await regions.getByRole('row', { name: /Київської обласної/ }).textContent()).toContain('50 %');
      const map = page.getByRole('table', { name: 'Повнота даних за регіонами, %' });
      const kyivOblast = map
        .locator('tbody tr')
        .filter({ has: page.getByRole('rowheader', { name: 'Київська', exact: true }) });
      expect(await kyivOblast.textContent()).toContain('50 %');
      expect(await map.locator('tbody tr').count()).toBe(27);
      await page.getByRole('table', { name: /за днями/ }).waitFor({ state: 'attached' });
      await page.locator('.chart__canvas canvas').first().waitFor();
      // The same page in English.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('table', { name: 'Progress by region' }).waitFor();
      await page.getByRole('heading', { name: 'Schools that have not confirmed yet' }).waitFor();
      await page.getByRole('button', { name: 'Українська' }).click();
      await regions.waitFor();
      // The export is a real XLSX of the schools in scope.
      const xlsx = await page.request.get(`/api/v1/campaigns/${campaignId}/export.xlsx`);
      expect(xlsx.status()).toBe(200);
      expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');

      // The ОУО and the region watch (drill-down from the region to the ОУО and its schools).
      const ouo = await openPage(browser, portal);
      pages.push(ouo);
      await signInUi(ouo.page, setup.ouoAdmin.account);
      await heading(ouo.page, 'Реєстр учнів закладів загальної середньої освіти');
      await ouo.page.goto(monitorUrl);
      await heading(ouo.page, TITLE);
      const ouoRow = ouo.page
        .getByRole('table', { name: 'Виконання за закладами' })
        .getByRole('row', { name: /Бучанський ліцей/ });
      expect(await ouoRow.textContent()).toContain('у роботі');

      const region = await openPage(browser, portal);
      pages.push(region);
      await signInUi(region.page, setup.regional.account);
      await heading(region.page, 'Реєстр учнів закладів загальної середньої освіти');
      await region.page.goto(monitorUrl);
      await heading(region.page, TITLE);
      const regionRow = region.page
        .getByRole('table', { name: 'Виконання за органами управління освітою' })
        .getByRole('row', { name: new RegExp(OUO) });
      expect(await regionRow.textContent()).not.toContain('усі підтвердили');

      // The ОУО reminds the schools that have not confirmed: in-app now; the e-mail waits in the outbox (no SMTP).
      await ouo.page.getByRole('button', { name: 'Надіслати нагадування' }).click();
      await ouo.page
        .getByRole('status')
        .filter({ hasText: 'Нагадування в порталі надіслано 1 закладу. Листів у черзі: 1' })
        .waitFor();

      // The school: the reminder, then what is missing, pupil by pupil; confirming is not possible yet.
      const school = await openPage(browser, portal);
      pages.push(school);
      const sp = school.page;
      await signInUi(sp, setup.editor);
      await heading(sp, 'Реєстр учнів закладів загальної середньої освіти');
      const nav = sp.getByRole('navigation', { name: 'Основні розділи' });
      await nav.getByRole('link', { name: 'Сповіщення' }).click();
      await heading(sp, 'Сповіщення');
      expect(await sp.locator('.notification').first().textContent()).toContain(`Нагадування: «${TITLE}»`);
      await sp.getByRole('link', { name: 'Відкрити' }).first().click();
      await heading(sp, TITLE);
      await sp.locator('.subtitle', { hasText: SCHOOL }).waitFor();
      expect(await sp.getByRole('progressbar', { name: 'Готовність даних' }).getAttribute('value')).toBe('50');
      const confirm = sp.getByRole('button', { name: 'Підтвердити актуальність даних' });
      expect(await confirm.isDisabled()).toBe(true);
      expect(await sp.locator('#confirm-hint').textContent()).toContain('ще 1 учень');
      const item = sp.getByRole('table', { name: 'Що ще потрібно виправити' }).getByRole('row', { name: /Олійник/ });
      expect(await item.textContent()).toContain('свідоцтв');

      // Fix the record on the pupil's card.
      await item.getByRole('link', { name: 'Олійник Ганна Іванівна' }).click();
      await heading(sp, 'Олійник Ганна Іванівна');
      expect(new URL(sp.url()).pathname).toBe(`/pupils/${pupilWithout}`);
      await sp.getByRole('link', { name: 'Редагувати' }).click();
      await heading(sp, 'Редагування: Олійник Ганна Іванівна');
      await sp.getByRole('radio', { name: 'видане в Україні' }).check();
      await sp.getByLabel('Серія', { exact: true }).fill('І-БК');
      await sp.getByLabel('Номер', { exact: true }).fill('654321');
      await sp.getByRole('button', { name: 'Зберегти' }).click();
      await heading(sp, 'Олійник Ганна Іванівна');

      // Back at the campaign: nothing blocking remains; confirm.
      await nav.getByRole('link', { name: 'Кампанії' }).click();
      await heading(sp, 'Кампанії актуалізації даних');
      await sp.getByRole('link', { name: TITLE }).click();
      await heading(sp, TITLE);
      await sp.getByRole('button', { name: 'Підтвердити актуальність даних', disabled: false }).waitFor();
      expect(await sp.getByRole('progressbar', { name: 'Готовність даних' }).getAttribute('value')).toBe('100');
      expect(await sp.getByText('Усі дані учнів заповнені й правильні.').isVisible()).toBe(true);
      await confirm.click();
      await sp.getByRole('status').filter({ hasText: 'Дякуємо! Актуальність даних підтверджено.' }).waitFor();
      const confirmedAt = Date.now();
      expect(await sp.locator('.facts').textContent()).toContain('Мельник Наталія Іванівна');

      // The ОУО and the region see the school go green within seconds, without reloading.
      await ouoRow.filter({ hasText: 'підтверджено' }).waitFor({ timeout: 15_000 });
      expect(await ouoRow.getAttribute('class')).toContain('campaign-row--done');
      await regionRow.filter({ hasText: 'усі підтвердили' }).waitFor({ timeout: 15_000 });
      const seconds = (Date.now() - confirmedAt) / 1000;
      console.log(`campaign e2e: the ОУО and the region saw the confirmation within ${seconds.toFixed(1)} s`);
      expect(seconds).toBeLessThan(15);
      // The region drills down to the ОУО's schools and the school's (now empty) open items.
      await regionRow.getByRole('link', { name: OUO }).click();
      const schoolLink = region.page
        .getByRole('table', { name: 'Виконання за закладами' })
        .getByRole('link', { name: SCHOOL });
      await schoolLink.click();
      await heading(region.page, TITLE);
      await region.page.getByText('Усі дані учнів заповнені й правильні.').waitFor();
      expect(await region.page.getByRole('button', { name: 'Підтвердити актуальність даних' }).count()).toBe(0);
      // And the school no longer appears among those that have not confirmed.
      await ouo.page.getByText('Усі заклади виконали кампанію.').waitFor({ timeout: 15_000 });

      // A region administrator opens a campaign for a list of the region's schools, chosen by name.
      await region.page.goto('/campaigns/new');
      await heading(region.page, 'Нова кампанія');
      await region.page.getByLabel('Назва кампанії').fill('Перевірка статусу переміщення');
      await region.page.getByLabel('Кінцевий термін').fill(inDays(10));
      await region.page.getByRole('radio', { name: 'Перелік закладів' }).check();
      await region.page.getByLabel(/^3\. /).uncheck();
      await region.page.getByRole('button', { name: 'Розпочати кампанію' }).click();
      await region.page.getByRole('alert').filter({ hasText: 'Додайте до переліку хоча б один заклад.' }).waitFor();
      await pick(region.page, /^Додати заклад до переліку — /, 'Бучанськ', /^Бучанський ліцей № 1/);
      await region.page.getByRole('list', { name: 'Обрані заклади' }).getByText(SCHOOL).waitFor();
      await region.page.getByRole('button', { name: 'Розпочати кампанію' }).click();
      await heading(region.page, 'Перевірка статусу переміщення');
      await region.page.getByRole('status').filter({ hasText: 'Кампанію розпочато: охоплено 1 заклад.' }).waitFor();
      expect(await region.page.locator('.facts').textContent()).toContain('Перелік закладів');

      // Data changed after the confirmation reopens the school, with a notice on its page and in its inbox.
      await sp.goto(`/pupils/${pupilWithout}/edit`);
      await heading(sp, 'Редагування: Олійник Ганна Іванівна');
      await sp.getByLabel('Номер', { exact: true }).fill('654322');
      await sp.getByRole('button', { name: 'Зберегти' }).click();
      await heading(sp, 'Олійник Ганна Іванівна');
      const reopened = sp.getByRole('alert').filter({ hasText: 'Дані змінилися після підтвердження' });
      const deadline = Date.now() + 15_000;
      for (;;) {
        await sp.goto(`/campaigns/${campaignId}/schools/${setup.school.id}`);
        await heading(sp, TITLE);
        await sp.locator('.facts').waitFor();
        if ((await reopened.count()) > 0 || Date.now() > deadline) break;
        await sp.waitForTimeout(1_000);
      }
      expect(await reopened.count()).toBe(1);
      expect(await sp.locator('.facts').textContent()).toContain('відкрито повторно');
      await sp.getByRole('button', { name: 'Підтвердити актуальність даних', disabled: false }).waitFor();
      await ouoRow.filter({ hasText: 'відкрито повторно' }).waitFor({ timeout: 15_000 });
      await nav.getByRole('link', { name: 'Сповіщення' }).click();
      await heading(sp, 'Сповіщення');
      expect(await sp.locator('.notification').first().textContent()).toContain(
        `Дані змінено після підтвердження: «${TITLE}»`,
      );

      // Without SMTP the reminder e-mail is visible in the ОУО's outbox, unsent.
      await ouo.page
        .getByRole('navigation', { name: 'Основні розділи' })
        .getByRole('link', { name: 'Сповіщення' })
        .click();
      await heading(ouo.page, 'Сповіщення');
      await ouo.page.getByText('SMTP не налаштовано').waitFor();
      const mail = ouo.page
        .getByRole('table', { name: 'Вихідна пошта' })
        .getByRole('row', { name: new RegExp(DIRECTOR_EMAIL) });
      expect(await mail.textContent()).toContain(`АІКОМ: нагадування — «${TITLE}»`);
      expect(await mail.textContent()).toContain('не надіслано');

      for (const p of pages) expect(expected401(p.problems)).toEqual([]);
    },
  );
});
