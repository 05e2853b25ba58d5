import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BOOTSTRAP_ADMIN, addPupil, setUpSchool, type SchoolSetup } from './api';
import { launchBrowser, openPage, startPortal, type Portal, type TestPage } from './browser';

/** The signed-in portal in English: the interface and the catalogue's messages, with the same дд.мм.рррр dates. */
describe('English on signed-in pages', () => {
  let portal: Portal;
  let browser: Browser;
  let setup: SchoolSetup;
  let pupilId: string;
  let t: TestPage;

  beforeAll(async () => {
    portal = await startPortal({ bootstrapAdmin: BOOTSTRAP_ADMIN });
    browser = await launchBrowser();
    setup = await setUpSchool(portal, 'e');
    pupilId = (
      await addPupil(setup.editorSession, setup.school, { contact: { status: 'lost', lostSince: '2024-05-01' } })
    ).id;
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });
  beforeEach(async () => {
    t = await openPage(browser, portal);
    await setup.editorSession.shareWith(t.context);
  });
  afterEach(async () => {
    await t?.context.close();
  });

  it('switches a signed-in page to English and keeps it', async () => {
    const { page } = t;
    await page.goto(`/schools/${setup.school.id}`);
    await page.getByRole('heading', { level: 1, name: 'Учні' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pupils' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('navigation', { name: 'Main sections' }).getByRole('link').allTextContents()).toEqual([
      'Home',
      'Pupils',
      'Data quality',
      'Find a pupil',
      'School',
      'Campaigns',
      'Notifications',
      'Year-end transition',
      'Left and not enrolled',
      'Reports',
      'Dashboards',
      'Territorial structure',
    ]);
    expect(await page.locator('.subtitle').textContent()).toMatch(/school year \d{4}-\d{4}$/);
    await page.getByRole('button', { name: /Мельник Наталія Іванівна/ }).click();
    expect(await page.locator('.user-menu__role').textContent()).toBe('School data editor');
    expect(await page.getByRole('link', { name: 'My profile' }).count()).toBe(1);
    await page.keyboard.press('Escape');

    await page.goto(`/pupils/${pupilId}`);
    await page.getByRole('heading', { level: 1, name: 'Шевченко Тарас Григорович' }).waitFor();
    const card = await page.locator('.card-grid').textContent();
    for (const text of [
      'Date of birth',
      '09.03.2014',
      'Male',
      'Ukraine',
      'Not displaced',
      'Contact lost',
      '01.05.2024',
      'Full-time (day)',
    ]) {
      expect(card).toContain(text);
    }
    // The catalogue's own English message for the warning.
    expect(await page.locator('.issues--warning').textContent()).toContain(
      'Contact with the pupil and/or their legal representatives is lost',
    );
    expect(await page.getByRole('button', { name: 'Pupil leaving' }).count()).toBe(1);

    await page.goto(`/quality/${setup.school.id}`);
    await page.getByRole('heading', { level: 1, name: 'Data quality' }).waitFor();
    expect(
      await page.getByRole('table', { name: 'The four MON indicators' }).locator('tbody th').allTextContents(),
    ).toContain('Birth certificate series and number');
    expect(await page.locator('.rule').first().textContent()).toContain('1 pupil');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Data quality' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(t.problems).toEqual([]);
  });
});
