import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_LOAD_JS_BUDGET_BYTES, firstLoadJs, firstLoadJsGzipBytes } from '../scripts/bundle-size.mjs';
import { ensureBuilt } from '../scripts/ensure-built.mjs';
import { launchBrowser, openPage, startPortal, type Portal } from './browser';

describe('first-load JavaScript budget', () => {
  beforeAll(async () => {
    await ensureBuilt({ log: () => undefined });
  });

  it('ships at most 300 KB of gzipped JavaScript on first load (entry chunk and its static imports)', () => {
    const result = firstLoadJs();
    console.log(
      `first-load JS: ${result.files.map((f) => f.file).join(', ')} — ${result.bytes} B, gzip ${result.gzipBytes} B`,
    );
    expect(result.files.length).toBeGreaterThan(0);
    expect(result.gzipBytes).toBe(firstLoadJsGzipBytes());
    expect(result.gzipBytes).toBeLessThanOrEqual(FIRST_LOAD_JS_BUDGET_BYTES);
    // Still within budget when the heaviest pages are opened by a deep link.
    for (const page of ['src/pages/territories/TerritoriesPage.tsx', 'src/pages/pupils/PupilFormPage.tsx']) {
      const deepLink = firstLoadJs({ alsoLoad: [page] });
      expect(deepLink.gzipBytes, page).toBeLessThanOrEqual(FIRST_LOAD_JS_BUDGET_BYTES);
    }
  });

  describe('in the browser', () => {
    let portal: Portal;
    let browser: Browser;
    beforeAll(async () => {
      portal = await startPortal();
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await portal?.stop();
    });

    it('loads the entry and only the chunk of the page it opens', async () => {
      const t = await openPage(browser, portal);
      const scripts: string[] = [];
      t.page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      });
      await t.page.goto('/');
      await t.page.getByRole('heading', { level: 1 }).waitFor();
      const entry = firstLoadJs().files.map((f) => `/${f.file}`);
      expect(scripts.filter((s) => !entry.includes(s))).toEqual([
        expect.stringMatching(/^\/assets\/HomePage-[\w-]+\.js$/),
      ]);
      expect(scripts.some((s) => s.includes('TerritoriesPage'))).toBe(false);
      expect(t.problems).toEqual([]);
      await t.context.close();
    });
  });
});
