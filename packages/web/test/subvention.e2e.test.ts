import { seedSynthetic } from '@aikom/server/modules/seed/load-synthetic';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '@aikom/sdk';
import { BOOTSTRAP, BOOTSTRAP_ADMIN, createAccount, signIn, type Account, type ApiSession } from './api';
import { launchBrowser, openPage, startPortal, type Portal, type TestPage } from './browser';
import { expected401, heading, signInUi } from './flows';

const DATE = /^\d{2}\.\d{2}\.\d{4}$/;
/** A number as the portal writes it («−1 234,56 грн», «+2,5 %») as a JS number. */
const amount = (text: string | null) =>
  Number(
    (text ?? '')
      .replace(/\u2212/g, '-')
      .replace(/[^\d,-]/g, '')
      .replace(',', '.'),
  );

/**
 * The education subvention as a new ministry analyst meets it: runs the allocation (a job with a progress bar),
 * sorts the table of budgets, opens one budget's explanation, changes the class-size norm in a scenario and reads
 * the map of winners and losers, then saves and shares the scenario; a ministry administrator edits the parameter
 * set into a new version. The registry holds the demo data set (20 schools of Київська область, 6 000 pupils).
 */
describe('the education subvention', () => {
  let portal: Portal;
  let browser: Browser;
  let analyst: Account;
  let analystSession: ApiSession;
  /** The bootstrap ministry administrator; signing in through the API enrols its second factor (kept here). */
  const admin: Account = { ...BOOTSTRAP };
  let t: TestPage;

  beforeAll(async () => {
    portal = await startPortal({ bootstrapAdmin: BOOTSTRAP_ADMIN });
    browser = await launchBrowser();
    await seedSynthetic(portal.server.runtime.ctx, { preset: 'demo', seed: 11 });
    const session = await signIn(portal, admin);
    const me = await session.api.me.get();
    const created = await createAccount(session, {
      login: 'analyst.sv',
      fullName: 'Ткаченко Оксана Миколаївна',
      role: 'ministry_analyst',
      organisationId: me.organisation.id,
    });
    analyst = created.account;
    analystSession = created.session;
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

  it(
    'runs the allocation, explains a budget, models a higher class-size norm and shares the scenario',
    { timeout: 120_000 },
    async () => {
      const { page } = t;
      await signInUi(page, analyst);
      await heading(page, 'Реєстр учнів закладів загальної середньої освіти');
      await page
        .getByRole('navigation', { name: 'Основні розділи' })
        .getByRole('link', { name: 'Освітня субвенція' })
        .click();
      await heading(page, 'Освітня субвенція');
      // The default set is there, labelled as a demonstration; an analyst may run it but not edit it.
      await page
        .getByRole('link', { name: /демонстраційний/ })
        .first()
        .waitFor();
      expect(await page.getByText('демонстраційний', { exact: true }).count()).toBeGreaterThan(0);
      expect(await page.getByText('Розрахунків на цей рік ще немає.').count()).toBe(1);

      // The date is shown and typed as дд.мм.рррр; a date that does not exist is refused before anything is sent.
      const asOf = page.getByLabel('Учні станом на');
      expect(await asOf.inputValue()).toMatch(DATE);
      const today = await asOf.inputValue();
      await asOf.fill('31.02.2026');
      await page.getByRole('button', { name: 'Розрахувати' }).click();
      await page.getByRole('alert').filter({ hasText: 'дд.мм.рррр' }).first().waitFor();
      expect(await page.getByText('Розрахунків на цей рік ще немає.').count()).toBe(1);
      await asOf.fill(today);
      await page.getByRole('button', { name: 'Розрахувати' }).click();
      // The job's progress is shown until the run is done, then its table opens.
      await heading(page, 'Розподіл субвенції');

      const table = page.getByRole('table', { name: 'Місцеві бюджети' });
      const rows = table.locator('tbody tr');
      await rows.first().waitFor();
      const count = await rows.count();
      expect(count).toBeGreaterThan(1);
      // The amounts add up to the total, to the kopiyka.
      const total = amount(
        await page.locator('.facts div', { hasText: 'Обсяг субвенції' }).locator('dd').textContent(),
      );
      const amounts = (await rows.locator('td:nth-child(6)').allTextContents()).map(amount);
      expect(Math.round(amounts.reduce((a, b) => a + b, 0) * 100)).toBe(Math.round(total * 100));
      // Sorted by amount, largest first; a press on «Учнів» sorts by pupils, a second one reverses.
      expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
      const pupilsHeader = table.getByRole('columnheader', { name: /Учнів/ });
      await pupilsHeader.getByRole('button').click();
      expect(await pupilsHeader.getAttribute('aria-sort')).toBe('descending');
      await pupilsHeader.getByRole('button').click();
      expect(await pupilsHeader.getAttribute('aria-sort')).toBe('ascending');
      const pupils = (await rows.locator('td:nth-child(4)').allTextContents()).map(amount);
      expect(pupils).toEqual([...pupils].sort((a, b) => a - b));

      // The spreadsheet of the run downloads with the session.
      const href = await page.getByRole('link', { name: 'Завантажити XLSX' }).getAttribute('href');
      const xlsx = await page.request.get(href!);
      expect(xlsx.status()).toBe(200);
      expect(xlsx.headers()['content-type']).toContain('spreadsheetml');

      // One budget's explanation: the result equals the table's amount; every input and step is there.
      const largest = rows.last();
      const name = ((await largest.locator('th').textContent()) ?? '').trim();
      const inTable = await largest.locator('td:nth-child(6)').textContent();
      await largest.getByRole('link').click();
      await heading(page, `Пояснення розрахунку: ${name}`);
      expect(await page.locator('.sv-amount').textContent()).toBe(inTable);
      for (const section of ['Результат', 'Вхідні дані з реєстру', 'Кроки розрахунку', 'Застосовані параметри'])
        await page.getByRole('heading', { level: 2, name: section }).waitFor();
      expect(await page.getByRole('table', { name: 'Учні за групами та рівнями освіти' }).count()).toBe(1);
      expect(await page.locator('.sv-steps li').count()).toBeGreaterThan(3);
      expect(await page.getByText('Розрахункова наповнюваність', { exact: true }).count()).toBeGreaterThan(0);
      // Unverified parameters are said to be so.
      expect(await page.getByText('не перевірено', { exact: true }).count()).toBeGreaterThan(0);

      // An input traced to its pupils: the pupils of the budget's first school, page by page, each to their card.
      const school = page.getByRole('table', { name: 'Заклади бюджету' }).locator('tbody tr').first();
      const schoolName = ((await school.locator('th').textContent()) ?? '').trim();
      const schoolPupils = amount(await school.locator('td:nth-child(3)').textContent());
      await school.getByRole('link', { name: /^Учні: / }).click();
      await heading(page, 'Учні, що стоять за показником');
      const listed = page.locator('table tbody tr');
      await listed.first().waitFor();
      expect(await listed.count()).toBe(Math.min(schoolPupils, 100));
      if (schoolPupils > 100) {
        await page.getByRole('button', { name: 'Показати ще' }).click();
        await page.waitForFunction(
          (n) => document.querySelectorAll('table tbody tr').length === n,
          Math.min(schoolPupils, 200),
        );
      }
      expect(new Set(await listed.locator('td:nth-child(3)').allTextContents())).toEqual(new Set([schoolName]));
      expect(await listed.first().getByRole('link').getAttribute('href')).toMatch(/^\/pupils\/[0-9a-f-]{36}$/);
      await page.getByRole('link', { name: '← Пояснення розрахунку' }).click();
      await heading(page, `Пояснення розрахунку: ${name}`);

      // A scenario from the run: the class-size table one pupil higher.
      await page.getByRole('link', { name: '← Розподіл субвенції' }).click();
      await heading(page, 'Розподіл субвенції');
      await page.getByRole('link', { name: 'Створити сценарій на основі' }).click();
      await heading(page, 'Сценарії розподілу');
      await page.getByLabel(/^Зсув таблиці/).fill('один');
      await page.getByRole('button', { name: 'Порівняти з базовим' }).click();
      await page.getByRole('alert').filter({ hasText: 'Введіть число зі знаком' }).first().waitFor();
      await page.getByLabel(/^Зсув таблиці/).fill('1');
      await page.getByLabel('Назва сценарію').fill('Норматив наповнюваності +1');
      await page.getByRole('button', { name: 'Порівняти з базовим' }).click();
      await page.getByRole('heading', { level: 2, name: 'Порівняння з базовим розподілом' }).waitFor();
      const gainers = amount(
        await page.locator('.facts div', { hasText: 'Отримують більше' }).locator('dd').textContent(),
      );
      const losers = amount(
        await page.locator('.facts div', { hasText: 'Отримують менше' }).locator('dd').textContent(),
      );
      expect(gainers).toBeGreaterThan(0);
      expect(losers).toBeGreaterThan(0);
      // The map of winners and losers, with its table for screen readers; the chart of the distribution.
      await page.getByRole('figure', { name: 'Зміна за областями, %' }).waitFor();
      expect(await page.getByRole('table', { name: 'Зміна за областями, %' }).locator('tbody tr').count()).toBe(27);
      await page.getByRole('figure', { name: 'Бюджети за зміною суми' }).waitFor();
      const deltas = page.getByRole('table', { name: 'Зміни за бюджетами' });
      expect(await deltas.locator('tbody tr').count()).toBe(count);
      // The total is unchanged: the deltas add up to zero.
      const sum = (await deltas.locator('tbody tr td:nth-child(6)').allTextContents()).map(amount);
      expect(Math.round(sum.reduce((a, b) => a + b, 0) * 100)).toBe(0);
      expect(await page.getByText(/Таблиця розрахункової наповнюваності/).count()).toBeGreaterThan(0);

      // Saved and shared with colleagues.
      await page.getByLabel(/^Поділитися з колегами/).check();
      await page.getByRole('button', { name: 'Зберегти сценарій' }).click();
      await heading(page, 'Сценарій: Норматив наповнюваності +1');
      await page.getByText('спільний', { exact: true }).first().waitFor();
      await page.getByRole('figure', { name: 'Зміна за областями, %' }).waitFor();
      await page.getByRole('button', { name: 'Зробити лише моїм' }).click();
      await page.getByText('лише мій', { exact: true }).first().waitFor();
      await page.getByRole('link', { name: '← Сценарії розподілу' }).click();
      await heading(page, 'Сценарії розподілу');
      await page.getByRole('link', { name: 'Норматив наповнюваності +1' }).waitFor();
      expect(expected401(t.problems)).toEqual([]);
    },
  );

  it(
    'lets a ministry administrator save a new version of a parameter set, the old one kept',
    { timeout: 90_000 },
    async () => {
      const { page } = t;
      await signInUi(page, admin);
      await heading(page, 'Реєстр учнів закладів загальної середньої освіти');
      await page.goto('/subvention');
      await heading(page, 'Освітня субвенція');
      await page
        .getByRole('link', { name: /демонстраційний/ })
        .first()
        .click();
      await page.getByRole('table', { name: 'Значення параметрів' }).waitFor();
      expect(await page.locator('.sv-unverified').count()).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Змінити значення' }).click();
      const city = page.getByRole('group', { name: 'Розрахункова наповнюваність для міст' });
      await city.getByLabel('Значення', { exact: true }).fill('двадцять');
      await page.getByRole('button', { name: 'Зберегти нову версію' }).click();
      const summary = page.locator('.error-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toContain('Розрахункова наповнюваність для міст');
      expect(await summary.textContent()).toContain('Опишіть зміну');
      await city.getByLabel('Значення', { exact: true }).fill('26,5');
      await city.getByLabel('Джерело').fill('Середня фактична наповнюваність міст обласного значення 2021 р.');
      await page.getByLabel('Що змінено і чому').fill('Міський норматив за фактичною наповнюваністю');
      await page.getByRole('button', { name: 'Зберегти нову версію' }).click();
      await page.getByRole('table', { name: 'Значення параметрів' }).waitFor();
      const row = page.getByRole('row', { name: /Розрахункова наповнюваність для міст/ });
      expect(await row.textContent()).toContain('26,5');
      expect(await row.textContent()).toContain('не перевірено');
      // The earlier version is still there to read.
      await page.getByLabel('Показати версію').selectOption('1');
      await page.waitForURL(/version=1/);
      await page.getByRole('table', { name: 'Значення параметрів' }).waitFor();
      expect(await page.getByRole('row', { name: /Розрахункова наповнюваність для міст/ }).textContent()).toContain(
        '25',
      );
      expect(expected401(t.problems)).toEqual([]);
    },
  );
  it('shows who gains and who loses after pupils move, and the movement behind it', { timeout: 90_000 }, async () => {
    const { page } = t;
    const http = analystSession.api.http;
    // A run as of a date, then five pupils transferred to a school of another budget: their last day in the old
    // school is that date, the first in the new one the next day.
    const now = Date.now();
    const day = new Date(now).toISOString().slice(0, 10);
    const next = new Date(now + 86_400_000).toISOString().slice(0, 10);
    const dmy = (iso: string) => iso.split('-').reverse().join('.');
    const started = await http.post<{ run: { id: string }; job: Job }>('/api/v1/subvention/runs', {
      body: { parameterSetId: 'default', budgetYear: new Date(now).getFullYear() + 1, asOf: day },
    });
    expect((await analystSession.api.jobs.watch(started.job.id, { intervalMs: 200 })).status).toBe('succeeded');
    const runId = started.run.id;
    const run = await http.get<{ budgets: Array<{ code: string; name: string }> }>(`/api/v1/subvention/runs/${runId}`);
    const [from, to] = [run.budgets[0]!, run.budgets[1]!];
    const schoolOf = async (code: string) =>
      (
        await http.get<{ explanation: { schools: Array<{ id: string; pupils: number }> } }>(
          `/api/v1/subvention/runs/${runId}/budgets/${code}`,
        )
      ).explanation.schools.find((x) => x.pupils > 20)!.id;
    const [fromSchool, toSchool] = [await schoolOf(from.code), await schoolOf(to.code)];
    const db = portal.server.runtime.ctx.db.kysely;
    const target = await db
      .selectFrom('organisation')
      .select(['ouo_id', 'region_id'])
      .where('id', '=', toSchool)
      .executeTakeFirstOrThrow();
    const movers = await db
      .selectFrom('enrolment')
      .selectAll()
      .where('school_id', '=', fromSchool)
      .where('exit_date', 'is', null)
      .orderBy('person_id')
      .limit(5)
      .execute();
    await db
      .updateTable('enrolment')
      .set({ exit_date: day, exit_reason: 'transfer' })
      .where(
        'id',
        'in',
        movers.map((m) => m.id),
      )
      .execute();
    await db
      .insertInto('enrolment')
      .values(
        movers.map((m) => ({
          id: crypto.randomUUID(),
          person_id: m.person_id,
          school_id: toSchool,
          ouo_id: target.ouo_id!,
          region_id: target.region_id!,
          school_year: m.school_year,
          grade: m.grade,
          class_letter: m.class_letter,
          entry_date: next,
          entry_basis: 'transfer',
          previous_enrolment_id: m.id,
        })),
      )
      .execute();
    await db
      .insertInto('pupil_event')
      .values(
        movers.map((m) => ({
          person_id: m.person_id,
          school_id: toSchool,
          source: 'test',
          kind: 'enrolled',
          changes: '{}',
        })),
      )
      .execute();

    await signInUi(page, analyst);
    await heading(page, 'Реєстр учнів закладів загальної середньої освіти');
    await page.goto(`/subvention/runs/${runId}`);
    await heading(page, 'Розподіл субвенції');
    await page.getByRole('link', { name: 'Перерозподіл після переміщень учнів' }).click();
    await heading(page, 'Перерозподіл після переміщень учнів');
    await page.getByLabel('Порівняти з датою').fill(dmy(next));
    await page.getByRole('button', { name: 'Порівняти', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: `Зміни з ${dmy(day)} до ${dmy(next)}` }).waitFor();
    const flows = page.getByRole('table', { name: 'Переміщення учнів між бюджетами' });
    const flow = flows.getByRole('row', { name: new RegExp(`^${from.name}`) });
    expect(await flow.locator('td').allTextContents()).toEqual([to.name, '5', expect.any(String)]);
    const deltas = page.getByRole('table', { name: 'Зміни за бюджетами' });
    const gain = await deltas
      .getByRole('row', { name: new RegExp(`^${to.name}`) })
      .locator('td')
      .allTextContents();
    const loss = await deltas
      .getByRole('row', { name: new RegExp(`^${from.name}`) })
      .locator('td')
      .allTextContents();
    // Pupils then, now, their difference, the money: the receiving budget gains, the other loses.
    expect(gain[3]).toBe('+5');
    expect(loss[3]).toBe('\u22125');
    expect(gain[4]).toMatch(/^\+/);
    expect(loss[4]).toMatch(/^\u2212/);
    expect(gain[6]).toContain(`${from.name} (+5)`);
    await page.getByRole('figure', { name: 'Зміна за областями, %' }).waitFor();
    expect(expected401(t.problems)).toEqual([]);
  });
});
