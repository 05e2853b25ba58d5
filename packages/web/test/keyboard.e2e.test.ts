import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BOOTSTRAP_ADMIN, addPupil, setUpSchool, totpCode, type SchoolSetup } from './api';
import {
  focused,
  launchBrowser,
  openPage,
  startPortal,
  tabTo,
  waitForFocusedHeading,
  type Portal,
  type TestPage,
} from './browser';
import { expected401 } from './flows';

/** Everything by the keyboard alone: signing in with the second factor and opening a pupil's card. */
describe('keyboard only', () => {
  let portal: Portal;
  let browser: Browser;
  let setup: SchoolSetup;
  let t: TestPage;

  beforeAll(async () => {
    portal = await startPortal({ bootstrapAdmin: BOOTSTRAP_ADMIN });
    browser = await launchBrowser();
    setup = await setUpSchool(portal, 'k');
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

  const hasVisibleFocus = () =>
    t.page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || !el.matches(':focus-visible')) return false;
      const style = getComputedStyle(el);
      return (
        style.outlineStyle !== 'none' || style.boxShadow !== 'none' || style.backgroundColor !== 'rgba(0, 0, 0, 0)'
      );
    });

  it('signs in with the code of the authenticator app and opens a pupil card without the mouse', async () => {
    const { page } = t;
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await tabTo(page, 'Увійти');
    expect(await hasVisibleFocus()).toBe(true);
    await page.keyboard.press('Enter');
    await waitForFocusedHeading(page, 'Вхід');

    await tabTo(page, { selector: 'input[autocomplete=username]' });
    await page.keyboard.type(setup.editor.login);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('password');
    await page.keyboard.type(setup.editor.password);
    await page.keyboard.press('Enter');
    // The second step takes the focus to the code field.
    await page.waitForFunction(() => document.activeElement?.getAttribute('autocomplete') === 'one-time-code');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('inputmode'))).toBe('numeric');
    await page.keyboard.type(await totpCode(setup.editor.secret!));
    await page.keyboard.press('Enter');
    await waitForFocusedHeading(page, 'Реєстр учнів закладів загальної середньої освіти');

    await tabTo(page, 'Учні');
    await page.keyboard.press('Enter');
    await waitForFocusedHeading(page, 'Учні');
    await tabTo(page, '6-А');
    expect(await hasVisibleFocus()).toBe(true);
    await page.keyboard.press('Enter');
    await waitForFocusedHeading(page, 'Клас 6-А');
    await tabTo(page, 'Шевченко Тарас Григорович');
    await page.keyboard.press('Enter');
    await waitForFocusedHeading(page, 'Шевченко Тарас Григорович');
    expect(await page.locator('.card-grid').textContent()).toContain('09.03.2014');
    expect(expected401(t.problems)).toEqual([]);
  });

  it('opens and closes the user menu and the leaving dialog by keyboard, focus going back where it was', async () => {
    await setup.editorSession.shareWith(t.context);
    const { page } = t;
    const pupils = await setup.editorSession.api.schools.pupils(setup.school.id);
    await page.goto(`/pupils/${pupils[0]!.id}`);
    await page.getByRole('heading', { level: 1, name: 'Шевченко Тарас Григорович' }).waitFor();

    await tabTo(page, /Мельник Наталія Іванівна/);
    await page.keyboard.press('Enter');
    const panel = page.locator('.user-menu__panel');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Відповідальний за дані закладу');
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Мій профіль');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect((await focused(page)).text).toContain('Мельник Наталія Іванівна');

    await tabTo(page, 'Вибуття учня');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Вибуття учня' }).waitFor();
    // Focus is inside the dialog; Escape closes it and gives the focus back to its button.
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect((await focused(page)).text).toBe('Вибуття учня');
    expect(t.problems).toEqual([]);
  });
});
