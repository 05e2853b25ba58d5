import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@aikom/server/config';
import { startServer, type RunningServer } from '@aikom/server/server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureBuilt } from '../scripts/ensure-built.mjs';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A free TCP port on the loopback interface (the server's config does not accept port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface Portal {
  url: string;
  server: RunningServer;
  stop(): Promise<void>;
}

export interface PortalOptions {
  /** `login:password` of the first ministry administrator (AIKOM_BOOTSTRAP_ADMIN). */
  bootstrapAdmin?: string;
}

/** Builds the portal when its sources changed, then starts the real server on a fresh embedded database. */
export async function startPortal(options: PortalOptions = {}): Promise<Portal> {
  await ensureBuilt({ log: () => undefined });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-e2e-'));
  let server: RunningServer | undefined;
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      server = await startServer(
        loadConfig({
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          AIKOM_DEMO: '0',
          LOG_LEVEL: 'warn',
          ...(options.bootstrapAdmin ? { AIKOM_BOOTSTRAP_ADMIN: options.bootstrapAdmin } : {}),
        }),
      );
      break;
    } catch (error) {
      // Another process may take the port between the probe and the listen: try another one.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 3) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  const running = server;
  return {
    url: running.url,
    server: running,
    stop: async () => {
      await running.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, failed requests and CSP violations seen by the page. */
  problems: string[];
}

/** A fresh browser context (no storage shared between tests) with one page that records what went wrong. */
export async function openPage(browser: Browser, portal: Portal): Promise<TestPage> {
  const context = await browser.newContext({
    baseURL: portal.url,
    locale: 'uk-UA',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // An aborted fetch is the portal cancelling a stale request, not a failure.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return { context, page, problems };
}

/**
 * Presses Tab until the focused element matches — its trimmed text equals a string or matches a RegExp, or it matches
 * a CSS selector given as `{ selector }` — at most `limit` times; returns how many presses it took.
 */
export async function tabTo(page: Page, target: string | RegExp | { selector: string }, limit = 150): Promise<number> {
  for (let i = 1; i <= limit; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate(
      ([text, source, selector]) => {
        const el = document.activeElement;
        if (!el || el === document.body) return false;
        if (selector) return el.matches(selector);
        const content = (el.textContent ?? '').trim();
        return source !== null ? new RegExp(source).test(content) : content === text;
      },
      [
        typeof target === 'string' ? target : null,
        target instanceof RegExp ? target.source : null,
        typeof target === 'object' && !(target instanceof RegExp) ? target.selector : null,
      ] as const,
    );
    if (hit) return i;
  }
  throw new Error(
    `nothing matching ${typeof target === 'object' && !(target instanceof RegExp) ? target.selector : String(target)} within ${limit} presses of Tab`,
  );
}

/** Waits until the focused element is the page's h1 with this text. */
export async function waitForFocusedHeading(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected) => document.activeElement?.tagName === 'H1' && document.activeElement.textContent?.trim() === expected,
    text,
    { timeout: 15_000 },
  );
}

/** What has keyboard focus: tag, text and id. */
export function focused(page: Page): Promise<{ tag: string; text: string; id: string }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName.toLowerCase() ?? '', text: (el?.textContent ?? '').trim(), id: el?.id ?? '' };
  });
}
