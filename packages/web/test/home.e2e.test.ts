import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { focused, launchBrowser, openPage, startPortal, tabTo, type Portal, type TestPage } from './browser';

describe('portal home page', () => {
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

  it('is Ukrainian, with header, navigation, main and footer landmarks, under the strict CSP', async () => {
    const response = await t.page.goto('/');
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await t.page.getByRole('heading', { level: 1, name: 'Реєстр учнів закладів загальної середньої освіти' }).waitFor();

    expect(await t.page.getAttribute('html', 'lang')).toBe('uk');
    expect(await t.page.title()).toBe('АІКОМ — реєстр учнів');
    expect(await t.page.getByRole('banner').count()).toBe(1);
    expect(await t.page.getByRole('main').count()).toBe(1);
    expect(await t.page.getByRole('contentinfo').count()).toBe(1);
    expect(await t.page.getByRole('navigation', { name: 'Основні розділи' }).count()).toBe(1);
    // The current section is marked for screen readers.
    expect(await t.page.getByRole('link', { name: 'Головна' }).getAttribute('aria-current')).toBe('page');
    // No inline script anywhere: everything runs from 'self'.
    expect(await t.page.locator('script:not([src])').count()).toBe(0);
    expect(t.problems).toEqual([]);
  });

  it('has a skip link as the first stop of the keyboard that moves focus to the main content', async () => {
    await t.page.goto('/');
    await t.page.getByRole('heading', { level: 1 }).waitFor();
    await t.page.keyboard.press('Tab');
    expect(await focused(t.page)).toMatchObject({ tag: 'a', text: 'Перейти до основного вмісту' });
    // Visible when focused.
    const box = await t.page.locator('.skip-link').boundingBox();
    expect(box && box.y >= 0).toBe(true);
    await t.page.keyboard.press('Enter');
    expect(await focused(t.page)).toMatchObject({ tag: 'main', id: 'main' });
    // The next Tab continues inside main, not back in the header.
    await t.page.keyboard.press('Tab');
    expect(await t.page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
    expect(t.problems).toEqual([]);
  });

  it('moves focus to the new page’s heading after navigating by keyboard', async () => {
    await t.page.goto('/');
    await t.page.getByRole('heading', { level: 1 }).waitFor();
    await tabTo(t.page, 'Територіальний устрій');
    await t.page.keyboard.press('Enter');
    await t.page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    expect(await focused(t.page)).toMatchObject({ tag: 'h1', text: 'Територіальний устрій' });
    expect(await t.page.title()).toBe('Територіальний устрій — АІКОМ');
    expect(t.page.url()).toBe(`${portal.url}/territories`);
  });

  it('answers an unknown address with a page that says so', async () => {
    await t.page.goto('/no-such-page');
    await t.page.getByRole('heading', { level: 1, name: 'Сторінку не знайдено' }).waitFor();
    expect(await t.page.getByRole('link', { name: 'Перейти на головну' }).count()).toBe(1);
  });
});
