import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BOOTSTRAP_ADMIN, addPupil, setUpSchool, type SchoolSetup } from './api';
import { launchBrowser, openPage, startPortal, type Portal, type TestPage } from './browser';
import { expected401, heading, pick, signInUi } from './flows';

const DATE = /^\d{2}\.\d{2}\.\d{4}$/;
const today = () => {
  const d = new Date();
  return `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')}.${d.getFullYear()}`;
};

/** What a school secretary does every day: add a pupil, check the class and the card, edit, find, review, transfer. */
describe('the school’s pupils', () => {
  let portal: Portal;
  let browser: Browser;
  let setup: SchoolSetup;
  let t: TestPage;

  beforeAll(async () => {
    portal = await startPortal({ bootstrapAdmin: BOOTSTRAP_ADMIN });
    browser = await launchBrowser();
    setup = await setUpSchool(portal);
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
    'adds a pupil with the form, with inline validation, then edits, finds, reviews and transfers them out',
    { timeout: 180_000 },
    async () => {
      const { page } = t;
      await signInUi(page, setup.editor);
      await heading(page, 'Реєстр учнів закладів загальної середньої освіти');
      const nav = page.getByRole('navigation', { name: 'Основні розділи' });
      await nav.getByRole('link', { name: 'Учні', exact: true }).click();
      await heading(page, 'Учні');
      await page.getByRole('link', { name: 'Додати учня' }).click();
      await heading(page, 'Новий учень');

      // The school and the current school year are filled in.
      expect(await page.locator('.readonly-value').first().textContent()).toContain('ЄДРПОУ 32855961');
      await page.getByLabel('Прізвище', { exact: true }).fill('Шевченко');
      await page.getByLabel('Ім’я', { exact: true }).fill('Тарас');
      await page.getByLabel(/^По батькові/).fill('Григорович');
      await page.getByRole('radio', { name: 'Чоловіча' }).check();
      // Dates are typed as дд.мм.рррр; one that does not exist is an error of its field.
      const birthDate = page.getByLabel('Дата народження');
      await birthDate.fill('31.02.2014');
      await birthDate.blur();
      await page.locator('.field--invalid').filter({ has: birthDate }).locator('.field-error').waitFor();
      await birthDate.fill('9.3.2014');
      await birthDate.blur();
      expect(await birthDate.inputValue()).toBe('09.03.2014');
      expect(await birthDate.getAttribute('aria-invalid')).toBeNull();

      // A wrong series is shown by its field as soon as the field is left, before any submit.
      const series = page.getByLabel('Серія', { exact: true });
      await series.fill('БК-12');
      await page.getByLabel('Номер', { exact: true }).focus();
      const seriesError = page.locator('.field--invalid').filter({ has: series }).locator('.field-error');
      await seriesError.waitFor();
      expect(await seriesError.textContent()).toContain('Серія свідоцтва має складатися з римської цифри');
      expect(await series.getAttribute('aria-invalid')).toBe('true');
      // The error is read with the field.
      const describedBy = (await series.getAttribute('aria-describedby')) ?? '';
      expect(
        await page.locator(`[id="${describedBy.split(' ').find((x) => x.endsWith('-error'))}"]`).textContent(),
      ).toContain('Серія свідоцтва');
      await series.fill('І-БК');
      await page.getByLabel('Номер', { exact: true }).fill('123456');
      await page.getByLabel('Номер', { exact: true }).blur();
      await seriesError.waitFor({ state: 'detached' });
      expect(await series.getAttribute('aria-invalid')).toBeNull();

      await page.getByLabel('Клас (рік навчання)').selectOption('6');
      await page.getByLabel('Літера класу').fill('А');
      await page.getByRole('button', { name: 'Додати учня' }).click();
      await heading(page, 'Шевченко Тарас Григорович');
      await page.getByRole('status').filter({ hasText: 'Учня Шевченко Тарас Григорович додано до реєстру.' }).waitFor();
      const card = page.url();

      // The card in readable words.
      const facts = await page.locator('.card-grid').textContent();
      for (const text of [
        '09.03.2014',
        'Чоловіча',
        'Україна',
        'І-БК 123456',
        'Не переміщений',
        'Звʼязок є',
        'Очна (денна)',
        'Українська',
        '6-А',
      ]) {
        expect(facts).toContain(text);
      }
      expect(await page.locator('.quality-section').textContent()).toContain('Помилок і попереджень немає.');
      const events = page.getByRole('table', { name: 'Події' });
      expect(await events.locator('tbody tr').first().textContent()).toContain('Додано до реєстру');
      expect(await events.locator('tbody tr').first().textContent()).toContain('Мельник Наталія Іванівна');

      // The class list shows the pupil; the school's classes count them.
      await page.getByRole('link', { name: '← До класу 6-А' }).click();
      await heading(page, 'Клас 6-А');
      const row = page.getByRole('row', { name: /Шевченко Тарас Григорович/ });
      expect(await row.textContent()).toContain('09.03.2014');
      expect(await row.textContent()).toContain('без зауважень');
      await page.getByRole('link', { name: '← До класів закладу' }).click();
      await heading(page, 'Учні');
      const classRow = page.getByRole('row', { name: /6-А/ });
      expect((await classRow.locator('td').allTextContents()).slice(0, 3)).toEqual(['1', '0', '0']);
      expect(await classRow.textContent()).toContain('100 %');

      // Edit: displaced internally from a hromada found by name (on the list of occupation), and contact lost.
      await page.goto(card);
      await heading(page, 'Шевченко Тарас Григорович');
      await page.getByRole('link', { name: 'Редагувати' }).click();
      await heading(page, 'Редагування: Шевченко Тарас Григорович');
      await page.getByRole('radio', { name: 'Внутрішньо переміщена особа (ВПО)' }).check();
      await page.getByLabel('Дата переміщення').fill('15.03.2022');
      await pick(page, /^Громада, з якої переміщено — пошук/, 'Мелітоп', /^Мелітопольська територіальна громада/);
      const origin = page.locator('.picked').filter({ hasText: 'Мелітопольська територіальна громада' });
      await origin.locator('.picked__status').waitFor();
      expect(await origin.locator('.picked__status').textContent()).toContain(
        'Тимчасово окупована територія з 25.02.2022',
      );
      await page.getByRole('radio', { name: 'Звʼязок втрачено' }).check();
      await page.getByLabel('Зв’язок утрачено з').fill('01.05.2024');
      await page.getByLabel(/^Що зроблено для відновлення/).fill('Телефонували батькам, писали в месенджер.');
      await page.getByRole('button', { name: 'Зберегти' }).click();
      await heading(page, 'Шевченко Тарас Григорович');
      await page
        .getByRole('status')
        .filter({ hasText: 'Зміни до запису Шевченко Тарас Григорович збережено.' })
        .waitFor();
      // The origin's name and listing come from the codifier after the card: wait for them, not for the card alone.
      const section = page.locator('.card-section', { hasText: 'Статус переміщення' });
      await section.getByRole('link', { name: 'Мелітопольська територіальна громада' }).waitFor();
      const displacement = await section.textContent();
      expect(displacement).toContain('Внутрішньо переміщена особа (ВПО)');
      expect(displacement).toContain('15.03.2022');
      expect(displacement).toContain('Мелітопольська територіальна громада');
      expect(displacement).toContain('Тимчасово окупована територія з 25.02.2022');
      // History keeps both records; the lost contact is a warning of the record.
      expect(await page.getByRole('table', { name: 'Записи про переміщення' }).locator('tbody tr').count()).toBe(2);
      expect(await page.locator('.issues--warning').textContent()).toContain('втрачено');
      expect(await events.locator('tbody tr').first().textContent()).toContain('Змінено дані');

      // Search by a misspelled surname.
      await nav.getByRole('link', { name: 'Пошук учня' }).click();
      await heading(page, 'Пошук учня');
      await page.getByLabel('Прізвище та/або ім’я').fill('Шевчинко');
      await page.getByRole('button', { name: 'Шукати' }).click();
      await page.getByRole('status').filter({ hasText: 'Знайдено учнів: 1.' }).waitFor();
      const found = page.getByRole('link', { name: 'Шевченко Тарас Григорович' });
      expect(await found.count()).toBe(1);
      expect(new URL(page.url()).searchParams.get('q')).toBe('Шевчинко');

      // The quality panel: the score, the indicators, the rule of the lost contact with its pupil, one click to the card.
      await nav.getByRole('link', { name: 'Якість даних' }).click();
      await heading(page, 'Якість даних');
      const score = page.locator('progress.score-panel__bar');
      expect(await score.getAttribute('value')).toBe('0');
      expect(await page.getByRole('table', { name: 'Чотири показники МОН' }).locator('tbody tr').count()).toBe(4);
      const lost = page.locator('.rule', { hasText: /звʼязок/i }).first();
      expect(await lost.textContent()).toContain('1 учень');
      await lost.getByRole('link').click();
      await page.getByRole('heading', { level: 2, name: /^Учні:/ }).waitFor();
      await page.locator('.rule-pupils').getByRole('link', { name: 'Шевченко Тарас Григорович' }).click();
      await heading(page, 'Шевченко Тарас Григорович');

      // Transfer out: abroad, to Poland.
      await page.getByRole('button', { name: 'Вибуття учня' }).click();
      const dialog = page.getByRole('dialog', { name: 'Вибуття учня' });
      await dialog.waitFor();
      expect(await dialog.getByLabel('Дата вибуття').inputValue()).toBe(today());
      await dialog.getByRole('button', { name: 'Оформити вибуття' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'Оберіть причину вибуття.' }).waitFor();
      await dialog.getByLabel('Причина вибуття').selectOption({ label: 'Вибуття за кордон' });
      await dialog.getByLabel('Країна, до якої вибуває учень').selectOption({ label: 'Польща' });
      await dialog.getByLabel(/^Примітка/).fill('Сім’я переїхала до Варшави.');
      await dialog.getByRole('button', { name: 'Оформити вибуття' }).click();
      await page.getByRole('status').filter({ hasText: 'Вибуття учня Шевченко Тарас Григорович оформлено.' }).waitFor();
      expect(await dialog.isVisible()).toBe(false);
      await page.locator('.badge--exited').waitFor();
      expect(await page.locator('.badge--exited').textContent()).toContain(`вибув ${today()}: вибуття за кордон`);
      const spell = await page
        .getByRole('table', { name: 'Навчання в закладах' })
        .locator('tbody tr')
        .first()
        .textContent();
      expect(spell).toContain('вибуття за кордон');
      expect(spell).toContain('Польща');
      expect(await page.getByRole('link', { name: 'Редагувати' }).count()).toBe(0);
      expect(expected401(t.problems)).toEqual([]);
    },
  );

  it('shows the server’s refusals: a duplicate child, and a record changed by someone else', async () => {
    const classes = await setup.editorSession.api.schools.classes(setup.school.id);
    const first = await addPupil(setup.editorSession, setup.school, {
      lastName: 'Коваль',
      firstName: 'Марія',
      middleName: 'Олегівна',
      sex: 'female',
      birthDate: '2015-06-01',
      birthCertificate: { series: 'ІІ-КВ', number: '654321' },
    });
    expect(classes.schoolYear).toMatch(/^\d{4}-\d{4}$/);
    await setup.editorSession.shareWith(t.context);
    const { page } = t;

    // The same certificate again: 409 DUPLICATE_PERSON, with the school that holds the record and the way forward.
    await page.goto(`/schools/${setup.school.id}/pupils/new?grade=5&class=Б`);
    await heading(page, 'Новий учень');
    expect(await page.getByLabel('Клас (рік навчання)').inputValue()).toBe('5');
    await page.getByLabel('Прізвище', { exact: true }).fill('Коваль');
    await page.getByLabel('Ім’я', { exact: true }).fill('Марія');
    await page.getByRole('radio', { name: 'Жіноча' }).check();
    await page.getByLabel('Дата народження').fill('01.06.2015');
    await page.getByLabel('Серія', { exact: true }).fill('ІІ-КВ');
    await page.getByLabel('Номер', { exact: true }).fill('654321');
    await page.getByRole('button', { name: 'Додати учня' }).click();
    const duplicate = page.locator('.notice--error');
    await duplicate.waitFor();
    const text = await duplicate.textContent();
    expect(text).toContain('Цей учень уже є в реєстрі');
    expect(text).toContain('Бучанський ліцей № 1 Бучанської міської ради (ЄДРПОУ 32855961)');
    expect(text).toContain('вибуття з переведенням');
    await page.getByRole('alert').waitFor();

    // Someone else saves the record while it is open here: 412, and the way to reload.
    await page.goto(`/pupils/${first.id}/edit`);
    await heading(page, 'Редагування: Коваль Марія Олегівна');
    const card = await setup.editorSession.api.pupils.get(first.id);
    await setup.editorSession.api.pupils.update(
      first.id,
      { ...card.data.record, middleName: 'Олександрівна' },
      { ifMatch: card.etag },
    );
    await page.getByLabel('Дата народження').fill('02.06.2015');
    await page.getByRole('button', { name: 'Зберегти' }).click();
    await page.getByRole('heading', { level: 2, name: 'Запис змінив інший користувач' }).waitFor();
    await page.getByRole('button', { name: 'Завантажити поточну версію' }).click();
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('input[name$="-middleName"]')?.value === 'Олександрівна',
    );
    expect(await page.getByLabel('Дата народження').inputValue()).toBe('01.06.2015');
    expect(t.problems.every((p) => /status of (409|412)/.test(p))).toBe(true);
    expect(DATE.test(today())).toBe(true);
  });
});
