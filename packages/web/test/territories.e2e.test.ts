import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

const DATE = /\d{2}\.\d{2}\.\d{4}/;
const MELITOPOL_HROMADA = 'UA23080070000068953';

describe('territorial browser', () => {
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

  const statusText = () => t.page.locator('.status-list .status-item').allTextContents();

  it('finds Мелітопольська громада by name and opens it with the keyboard only', async () => {
    await t.page.goto('/territories');
    await t.page.getByRole('heading', { level: 1, name: 'Територіальний устрій' }).waitFor();
    // The search box has its label.
    const box = t.page.getByRole('searchbox', { name: 'Пошук громади чи населеного пункту' });
    expect(await box.getAttribute('type')).toBe('search');

    await tabTo(t.page, { selector: 'input[type=search]' });
    await t.page.keyboard.type('М');
    // One letter is not a search.
    await t.page.waitForTimeout(400);
    expect(await t.page.getByRole('status').filter({ hasText: 'Знайдено' }).count()).toBe(0);
    await t.page.keyboard.type('елітоп');
    // The result count is announced in a live region.
    await t.page
      .getByRole('status')
      .filter({ hasText: /Знайдено \d+ територ/ })
      .waitFor();
    const results = t.page.getByRole('list', { name: 'Результати пошуку' }).getByRole('link');
    const texts = await results.allTextContents();
    const index = texts.findIndex((x) => x.startsWith('Мелітопольська територіальна громада'));
    expect(index, texts.join(' | ')).toBeGreaterThanOrEqual(0);
    // Each result says where it is.
    expect(texts[index]).toContain('Запорізька область › Мелітопольський район');

    for (let i = 0; i <= index; i++) await t.page.keyboard.press('ArrowDown');
    expect((await focused(t.page)).text).toMatch(/^Мелітопольська територіальна громада/);
    await t.page.keyboard.press('Enter');

    await waitForFocusedHeading(t.page, 'Мелітопольська територіальна громада');
    expect(new URL(t.page.url()).pathname).toBe(`/territories/${MELITOPOL_HROMADA}`);
    const status = await statusText();
    expect(status).toHaveLength(1);
    expect(status[0]).toMatch(new RegExp(`^Тимчасово окупована територія з ${DATE.source}$`));
    expect(status[0]).toBe('Тимчасово окупована територія з 25.02.2022');
    // The list entry is shown with its dates in дд.мм.рррр.
    const row = await t.page.locator('table.history tbody tr').first().locator('td').allTextContents();
    expect(row).toEqual([
      'Тимчасово окупована територія',
      'Мелітопольська міська територіальна громада',
      '25.02.2022',
      'триває',
      'цієї території',
    ]);
    expect(await t.page.title()).toBe('Мелітопольська територіальна громада — Територіальний устрій — АІКОМ');
    expect(t.problems).toEqual([]);
  });

  it('drills down from the top level to a settlement by keyboard', async () => {
    await t.page.goto('/territories');
    await t.page.getByRole('link', { name: 'Запорізька область' }).waitFor();
    const top = await t.page.locator('.unit-list > li').count();
    expect(top).toBe(27);

    for (const [link, heading] of [
      ['Запорізька область', 'Запорізька область'],
      ['Мелітопольський район', 'Мелітопольський район'],
      ['Мелітопольська територіальна громада', 'Мелітопольська територіальна громада'],
      ['м. Мелітополь', 'м. Мелітополь'],
    ] as const) {
      await tabTo(t.page, link);
      await t.page.keyboard.press('Enter');
      await waitForFocusedHeading(t.page, heading);
    }

    const crumbs = await t.page
      .getByRole('navigation', { name: 'Розташування' })
      .getByRole('listitem')
      .allTextContents();
    expect(crumbs).toEqual([
      'Україна',
      'Запорізька область',
      'Мелітопольський район',
      'Мелітопольська територіальна громада',
      'м. Мелітополь',
    ]);
    expect(await t.page.locator('[aria-current=page]', { hasText: 'м. Мелітополь' }).count()).toBe(1);
    // The city is listed through the hromada that contains it.
    expect(await statusText()).toEqual([
      'Тимчасово окупована територія з 25.02.2022 (у складі території «Мелітопольська територіальна громада»)',
    ]);
    expect(await t.page.locator('.facts dd code').textContent()).toMatch(/^UA23080070\d{9}$/);

    // Back goes up one level, and the children are not requested again.
    const requests: string[] = [];
    t.page.on('request', (r) => requests.push(r.url()));
    await t.page.goBack();
    await waitForFocusedHeading(t.page, 'Мелітопольська територіальна громада');
    expect(requests.filter((u) => u.includes('/api/'))).toEqual([]);
    expect(t.problems).toEqual([]);
  });

  it('opens a deep link with the unit’s status, path and children', async () => {
    await t.page.goto('/territories/UA01000000000013043');
    await t.page.getByRole('heading', { level: 1, name: 'Автономна Республіка Крим' }).waitFor();
    expect(await statusText()).toEqual(['Тимчасово окупована територія з 20.02.2014']);
    expect(await t.page.getByRole('heading', { level: 2, name: /^Райони \(\d+\)$/ }).count()).toBe(1);

    // A raion of which only some hromadas are listed.
    await t.page.goto('/territories/UA23080000000090746');
    await t.page.getByRole('heading', { level: 1, name: 'Мелітопольський район' }).waitFor();
    expect(await t.page.locator('.status-item--partial').textContent()).toBe(
      'До переліку внесено лише окремі громади чи населені пункти у складі цієї території.',
    );
    const hromadas = t.page.getByRole('heading', { level: 2, name: /^Територіальні громади \(\d+\)$/ });
    expect(await hromadas.count()).toBe(1);
    expect(await t.page.locator('.unit-list .badge--listed').count()).toBeGreaterThan(0);
    expect(await t.page.locator('table.history td').filter({ hasText: DATE }).count()).toBeGreaterThan(0);
    expect(t.problems).toEqual([]);
  });

  it('says plainly when a code is malformed or unknown', async () => {
    await t.page.goto('/territories/UA123');
    await t.page.getByRole('alert').filter({ hasText: '«UA123» — не код КАТОТТГ.' }).waitFor();

    await t.page.goto('/territories/UA99999999999999999');
    await t.page
      .getByRole('alert')
      .filter({ hasText: 'Територію з кодом UA99999999999999999 не знайдено в Кодифікаторі.' })
      .waitFor();
    expect(await t.page.getByRole('heading', { level: 1 }).textContent()).toBe('Помилка');
  });
});
