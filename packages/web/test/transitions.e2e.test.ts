import { isValidEdrpou } from '@aikom/domain/identifiers/edrpou';
import type { Organisation } from '@aikom/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BOOTSTRAP_ADMIN,
  SCHOOL_EDRPOU,
  addPupil,
  createAccount,
  setUpSchool,
  type ApiSession,
  type SchoolSetup,
} from './api';
import { launchBrowser, openPage, startPortal, type Portal, type TestPage } from './browser';
import { expected401, heading, signInUi } from './flows';

const iso = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const ddmmyyyy = (isoDate: string) => isoDate.split('-').reverse().join('.');

/** The next ЄДРПОУ after the first school's with a valid check digit (the second school is synthetic too). */
function otherEdrpou(): string {
  for (let n = Number(SCHOOL_EDRPOU) + 1; ; n++) if (isValidEdrpou(String(n))) return String(n);
}

interface Pool {
  cutoff: string;
  items: Array<{ enrolmentId: string; pupil: { lastName: string } }>;
}

const pool = (s: ApiSession, state: string) => s.api.http.get<Pool>('/api/v1/transit', { query: { state } });

/**
 * The summer and the year in the browser, as a school lives them: a pupil transferred out waits in the in-transit pool
 * until the receiving school enrols them; the year-end transition is previewed, adjusted with two exceptions,
 * applied, checked, undone and applied again.
 */
describe('the year-end transition and transfers', () => {
  let portal: Portal;
  let browser: Browser;
  let setup: SchoolSetup;
  let schoolB: Organisation;
  let editorB: ApiSession;
  let yearLabel: string;
  let t: TestPage;

  beforeAll(async () => {
    portal = await startPortal({ bootstrapAdmin: BOOTSTRAP_ADMIN });
    browser = await launchBrowser();
    setup = await setUpSchool(portal);
    schoolB = await setup.regional.session.api.organisations.create({
      kind: 'school',
      parentId: setup.ouo.id,
      name: 'Бучанська гімназія № 2 Бучанської міської ради',
      edrpou: otherEdrpou(),
      territoryCode: setup.school.territory!.code,
      schoolType: 'gymnasium',
      ownership: 'communal',
    });
    editorB = (
      await createAccount(setup.ouoAdmin.session, {
        login: 'secretary.b',
        fullName: 'Гончаренко Оксана Миколаївна',
        role: 'school_editor',
        organisationId: schoolB.id,
      })
    ).session;
    yearLabel = (await setup.editorSession.api.schools.classes(setup.school.id)).schoolYear;
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

  const yearStart = () => `${yearLabel.slice(0, 4)}-09-01`;
  const pupil = (lastName: string, grade: number, n: number, over: Record<string, unknown> = {}) =>
    addPupil(setup.editorSession, setup.school, {
      lastName,
      firstName: 'Олена',
      middleName: 'Іванівна',
      sex: 'female',
      // Of the usual age for the grade (6 on 1 September of grade 1).
      birthDate: `${Number(yearLabel.slice(0, 4)) - 5 - grade}-04-1${n}`,
      birthCertificate: { series: 'І-БК', number: `${String(grade).padStart(2, '0')}${n}777` },
      enrollment: {
        schoolEdrpou: SCHOOL_EDRPOU,
        schoolYear: yearLabel,
        grade,
        classLetter: 'А',
        entryDate: yearStart(),
      },
      ...over,
    });

  it(
    'a pupil transferred out is in the in-transit pool until the new school enrols them',
    { timeout: 120_000 },
    async () => {
      const leaver = await pupil('Шевченко', 6, 1);
      // Four weeks ago (not before the spell began): past the 10 school days, unless the year has only just begun.
      const weeksAgo = iso(new Date(Date.now() - 28 * 86_400_000));
      const exitDate = weeksAgo < yearStart() ? yearStart() : weeksAgo;
      await setup.editorSession.shareWith(t.context);
      const { page } = t;
      await page.goto(`/pupils/${leaver.id}`);
      await heading(page, 'Шевченко Олена Іванівна');
      await page.getByRole('button', { name: 'Вибуття учня' }).click();
      const dialog = page.getByRole('dialog', { name: 'Вибуття учня' });
      await dialog.getByLabel('Дата вибуття').fill(ddmmyyyy(exitDate));
      await dialog.getByLabel('Причина вибуття').selectOption({ label: 'Переведення до іншого закладу освіти' });
      await dialog.getByLabel('Код ЄДРПОУ закладу, до якого переходить учень').fill(schoolB.edrpou!);
      await dialog.getByRole('button', { name: 'Оформити вибуття' }).click();
      await page.getByRole('status').filter({ hasText: 'Вибуття учня Шевченко Олена Іванівна оформлено.' }).waitFor();

      // The pool, for the school left: in transit once N school days have passed, waiting before.
      const { cutoff } = await pool(setup.editorSession, 'open');
      const state = exitDate <= cutoff ? 'open' : 'waiting';
      await page
        .getByRole('navigation', { name: 'Основні розділи' })
        .getByRole('link', { name: 'Вибулі й ніде не навчаються' })
        .click();
      await heading(page, 'Вибулі й ніде не навчаються');
      if (state === 'waiting') await page.getByRole('link', { name: 'Вибули нещодавно' }).click();
      const row = page.getByRole('row', { name: /Шевченко Олена Іванівна/ });
      await row.waitFor();
      expect(await row.textContent()).toContain(ddmmyyyy(exitDate));
      expect(await row.textContent()).toContain(schoolB.name);
      // The ОУО (of the school left and of the residence) sees the case too; the receiving school does not.
      expect((await pool(setup.ouoAdmin.session, state)).items.map((i) => i.pupil.lastName)).toEqual(['Шевченко']);
      expect((await pool(editorB, state)).items).toEqual([]);

      // The receiving school enrols the pupil from its expected arrivals.
      const b = await openPage(browser, portal);
      try {
        await editorB.shareWith(b.context);
        await b.page.goto(`/schools/${schoolB.id}/arrivals`);
        await heading(b.page, 'Прибуття учнів');
        await b.page.getByRole('button', { name: 'Зарахувати: Шевченко Олена Іванівна' }).click();
        const enrol = b.page.getByRole('dialog', { name: 'Зарахування учня' });
        expect(await enrol.getByLabel('Клас (рік навчання)').inputValue()).toBe('6');
        await enrol.getByRole('button', { name: 'Зарахувати' }).click();
        await b.page.getByRole('status').filter({ hasText: 'Учня Шевченко Олена Іванівна зараховано.' }).waitFor();
        await b.page.getByText('Жоден заклад не направив до вас учнів.').waitFor();
        expect(expected401(b.problems)).toEqual([]);
      } finally {
        await b.context.close();
      }

      // The pool forgets them.
      await page.reload();
      await heading(page, 'Вибулі й ніде не навчаються');
      await page.getByText('Нікого немає.').waitFor();
      expect(await page.getByRole('row', { name: /Шевченко/ }).count()).toBe(0);
      expect(expected401(t.problems)).toEqual([]);
    },
  );

  /** The row of a pupil in the preview and the outcome it shows. */
  const outcome = (page: Page, name: string) =>
    page
      .getByRole('row', { name: new RegExp(name) })
      .locator('td')
      .nth(1)
      .textContent();

  const facts = async (page: Page) =>
    Object.fromEntries(
      await page
        .locator('.facts .fact')
        .evaluateAll((els) => els.map((e) => [e.querySelector('dt')!.textContent, e.querySelector('dd')!.textContent])),
    ) as Record<string, string>;

  const newClasses = async (page: Page, year: string) => {
    const table = page.getByRole('table', { name: `Класи ${year} навчального року` });
    await table.waitFor();
    return table.locator('tbody tr').evaluateAll((rows) =>
      rows.map((r) =>
        [...r.children]
          .slice(0, 4)
          .map((c) => c.textContent)
          .join(' '),
      ),
    );
  };

  it(
    'a school previews, adjusts two exceptions, applies, checks the new classes, undoes and applies again',
    { timeout: 150_000 },
    async () => {
      for (const [name, n] of [
        ['Коваленко', 1],
        ['Бондар', 2],
        ['Ткаченко', 3],
      ] as const)
        await pupil(name, 4, n);
      await pupil('Мельник', 9, 1);
      await pupil('Лисенко', 9, 2);
      await pupil('Савченко', 11, 1);
      const next = `${Number(yearLabel.slice(0, 4)) + 1}-${Number(yearLabel.slice(0, 4)) + 2}`;
      // The ministry opens the next school year (its own page; not what this test is about).
      await setup.admin.api.http.post(`/api/v1/school-years/${next}/open`);

      const { page } = t;
      await signInUi(page, setup.editor);
      await heading(page, 'Реєстр учнів закладів загальної середньої освіти');
      await page
        .getByRole('navigation', { name: 'Основні розділи' })
        .getByRole('link', { name: 'Переведення учнів' })
        .click();
      await heading(page, 'Переведення учнів');
      await page.getByRole('heading', { name: 'Попередній перегляд' }).waitFor();
      const classes = page.getByRole('table', { name: 'Класи', exact: true });
      expect(await classes.getByRole('row', { name: /^4-А/ }).textContent()).toContain('5-А');
      expect(await classes.getByRole('row', { name: /^9-А/ }).textContent()).toContain('10-А');
      expect(await classes.getByRole('row', { name: /^11-А/ }).textContent()).toContain('випускник');
      expect(await outcome(page, 'Коваленко Олена')).toBe('переходить до 5-А');

      // Exception 1: a repeater in grade 4, by decision of the teachers' council (the basis grade 4 needs).
      await page.getByRole('button', { name: 'Змінити виняток: Бондар Олена Іванівна' }).click();
      let dialog = page.getByRole('dialog', { name: 'Виняток при переведенні' });
      await dialog.getByRole('radio', { name: 'Залишається на повторне навчання' }).check();
      expect(await dialog.getByLabel('Підстава').inputValue()).toBe('council_decision');
      await dialog.getByRole('button', { name: 'Зберегти' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Позначку для учня Бондар Олена Іванівна збережено.' })
        .waitFor();
      await expect.poll(() => outcome(page, 'Бондар Олена')).toBe('повторне навчання в 4-А');

      // Exception 2: a leaver after grade 9, to vocational education; a reason is required first.
      await page.getByRole('button', { name: 'Змінити виняток: Лисенко Олена Іванівна' }).click();
      dialog = page.getByRole('dialog', { name: 'Виняток при переведенні' });
      await dialog.getByRole('radio', { name: 'Вибуває із закладу' }).check();
      await dialog.getByRole('button', { name: 'Зберегти' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'Оберіть, куди вибуває учень.' }).waitFor();
      await dialog.getByLabel('Куди вибуває').selectOption({ label: 'вступає до закладу професійної освіти' });
      await dialog.getByRole('button', { name: 'Зберегти' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Позначку для учня Лисенко Олена Іванівна збережено.' })
        .waitFor();
      await expect.poll(() => outcome(page, 'Лисенко Олена')).toBe('вибуває');
      expect(await facts(page)).toEqual({
        Учнів: '6',
        Переходять: '3',
        'Повторне навчання': '1',
        Випускники: '1',
        Вибувають: '1',
      });

      // Apply; the new year's classes.
      const expected = ['4-А 1 0 1', '5-А 2 2 0', '10-А 1 1 0'];
      await page.getByRole('button', { name: 'Перевести учнів' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Переведено 6 учнів до ${next} навчального року.` })
        .waitFor();
      expect((await newClasses(page, next)).sort()).toEqual([...expected].sort());
      await page.getByRole('heading', { name: 'Учнів переведено' }).waitFor();

      // Undo restores the preview, with the exceptions kept.
      await page.getByRole('button', { name: 'Скасувати переведення' }).click();
      await page.getByRole('status').filter({ hasText: 'Переведення скасовано' }).waitFor();
      await page.getByRole('heading', { name: 'Попередній перегляд' }).waitFor();
      expect(await outcome(page, 'Бондар Олена')).toBe('повторне навчання в 4-А');
      expect(await outcome(page, 'Коваленко Олена')).toBe('переходить до 5-А');

      // Applied again: the same result.
      await page.getByRole('button', { name: 'Перевести учнів' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Переведено 6 учнів до ${next} навчального року.` })
        .waitFor();
      expect((await newClasses(page, next)).sort()).toEqual([...expected].sort());
      const history = page.getByRole('heading', { name: 'Історія переведень' });
      await history.waitFor();
      expect(await page.locator('ul.history li').count()).toBe(2);
      expect(await page.locator('ul.history li').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringContaining('скасовано')]),
      );
      expect(expected401(t.problems)).toEqual([]);
    },
  );
  it(
    'the ОУО transitions its remaining school as a job with a progress bar, and sees the migration report',
    { timeout: 120_000 },
    async () => {
      const ouo = setup.ouoAdmin.session;
      await ouo.shareWith(t.context);
      const { page } = t;
      await page.goto('/');
      const nav = page.getByRole('navigation', { name: 'Основні розділи' });
      await nav.getByRole('link', { name: 'Переведення закладів' }).click();
      await heading(page, 'Переведення учнів закладів');
      // School A was moved on in the browser; school B (with the pupil it received) is ready.
      expect(await facts(page)).toEqual({ Закладів: '2', Переведено: '1', Готові: '1', 'Мають перешкоди': '0' });
      expect(await page.getByRole('row', { name: new RegExp(schoolB.name) }).textContent()).toContain('готовий');
      await page.getByRole('button', { name: 'Перевести 1 готовий заклад' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Готово: переведено закладів — 1, з перешкодами — 0.' })
        .waitFor();
      const bar = page.getByRole('progressbar', { name: 'Переведення закладів' });
      expect(await bar.getAttribute('max')).toBe('2');
      expect(await bar.getAttribute('value')).toBe('2');
      await expect
        .poll(() => facts(page))
        .toEqual({ Закладів: '2', Переведено: '2', Готові: '0', 'Мають перешкоди': '0' });

      // The transfer of the first test is the one flow of the period, in the table and the chart's table.
      const report = await ouo.api.http.get<{ flows: { total: number } }>('/api/v1/reports/migration', {
        query: { from: yearStart(), to: iso(new Date()) },
      });
      expect(report.flows.total).toBe(1);
      await nav.getByRole('link', { name: 'Міграція учнів' }).click();
      await heading(page, 'Міграція учнів');
      await page.getByText('переміщень: 1').waitFor();
      const chartTable = page.getByRole('table', { name: 'Переходи між закладами за місяцями' });
      expect(await chartTable.locator('tbody').textContent()).toContain('1');
      expect(expected401(t.problems)).toEqual([]);
    },
  );

  it('a school enrols a first grader for the next year and proposes the classes', { timeout: 90_000 }, async () => {
    await setup.editorSession.shareWith(t.context);
    const { page } = t;
    await page.goto(`/schools/${setup.school.id}/transition`);
    await heading(page, 'Переведення учнів');
    await page.getByRole('link', { name: 'Першокласники' }).click();
    await heading(page, 'Першокласники');
    await page.getByText('Першокласників ще не зараховано.').waitFor();
    // Refused without the needed fields, each named.
    await page.getByRole('button', { name: 'Зарахувати' }).click();
    await page.locator('.error-summary').getByText('Оберіть стать.').waitFor();
    await page.getByLabel('Прізвище').fill('Кравчук');
    await page.getByLabel('Ім’я').fill('Софія');
    await page.getByRole('radio', { name: 'Дівчата' }).check();
    await page.getByLabel('Дата народження').fill(`14.02.${Number(yearLabel.slice(0, 4)) - 5}`);
    await page.getByLabel(/^Серія свідоцтва/).fill('І-КИ');
    await page.getByLabel(/^Номер свідоцтва/).fill('765432');
    await page.getByRole('button', { name: 'Зарахувати' }).click();
    await page.getByRole('status').filter({ hasText: 'Дитину Кравчук Софія зараховано до 1 класу.' }).waitFor();
    await page.getByRole('row', { name: /Кравчук Софія/ }).waitFor();
    await page.getByRole('button', { name: 'Запропонувати класи' }).click();
    const proposal = page.getByRole('status').filter({ hasText: 'Пропозиція' });
    await proposal.waitFor();
    expect(await proposal.getByRole('row', { name: /^1-А/ }).locator('td').allTextContents()).toEqual(['1', '1', '0']);
    expect(expected401(t.problems)).toEqual([]);
  });
});
