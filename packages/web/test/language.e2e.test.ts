import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, startPortal, tabTo, type Portal, type TestPage } from './browser';

describe('language switch', () => {
  let portal: Portal;
  let browser: Browser;
  let t: TestPage;

  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchBrowser();
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

  const lang = () => t.page.getAttribute('html', 'lang');

  it('switches the interface and <html lang> to English and back, and remembers the choice', async () => {
    await t.page.goto('/');
    await t.page.getByRole('heading', { level: 1, name: 'Реєстр учнів закладів загальної середньої освіти' }).waitFor();
    expect(await lang()).toBe('uk');
    // The switch names the other language in that language.
    const toEnglish = t.page.getByRole('button', { name: 'English' });
    expect(await toEnglish.getAttribute('lang')).toBe('en');

    await tabTo(t.page, 'English');
    await t.page.keyboard.press('Enter');
    await t.page.getByRole('heading', { level: 1, name: 'Register of pupils of general secondary schools' }).waitFor();
    expect(await lang()).toBe('en');
    expect(await t.page.title()).toBe('AIKOM — register of pupils');
    expect(await t.page.getByRole('navigation', { name: 'Main sections' }).getByRole('link').allTextContents()).toEqual(
      ['Home', 'Territorial structure'],
    );
    // Focus stays on the switch, now offering Ukrainian.
    expect(await t.page.evaluate(() => document.activeElement?.textContent)).toBe('Українська');

    await t.page.reload();
    await t.page.getByRole('heading', { level: 1, name: 'Register of pupils of general secondary schools' }).waitFor();
    expect(await lang()).toBe('en');
    expect(await t.page.getByRole('link', { name: 'Skip to main content' }).count()).toBe(1);

    await t.page.getByRole('button', { name: 'Українська' }).click();
    await t.page.getByRole('heading', { level: 1, name: 'Реєстр учнів закладів загальної середньої освіти' }).waitFor();
    expect(await lang()).toBe('uk');
    expect(t.problems).toEqual([]);
  });

  it('shows the territory status in English with the same дд.мм.рррр dates', async () => {
    await t.page.goto('/');
    await t.page.getByRole('button', { name: 'English' }).click();
    await t.page.goto('/territories/UA23080070000068953');
    await t.page.getByRole('heading', { level: 1, name: 'Мелітопольська територіальна громада' }).waitFor();
    expect(await lang()).toBe('en');
    expect(await t.page.locator('.status-list .status-item').allTextContents()).toEqual([
      'Temporarily occupied territory since 25.02.2022',
    ]);
    expect(await t.page.getByRole('heading', { level: 2, name: 'Hostilities and temporary occupation' }).count()).toBe(
      1,
    );
    expect(await t.page.locator('.facts dd').first().textContent()).toBe('hromada');
    expect(await t.page.getByRole('searchbox', { name: 'Search for a hromada or settlement' }).count()).toBe(1);
    expect(t.problems).toEqual([]);
  });
});
