import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { schoolYearOf } from '@aikom/domain/school-year';
import { createSyntheticExtracts, extractCsvLines, type ExtractKind } from '@aikom/tools/synth/extracts';
import {
  parseHostilitiesTsv,
  parseKatottgTsv,
  readDatasetText,
  readManifest,
} from '@aikom/server/reference/reference-data';
import { seedSynthetic } from '@aikom/server/modules/seed/load-synthetic';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP, BOOTSTRAP_ADMIN, createAccount, signIn, type Account, type ApiSession } from './api';
import { launchBrowser, openPage, startPortal, type Portal } from './browser';
import { activateUi, enrolUi, expected401, heading, signInUi } from './flows';

const KINDS: ExtractKind[] = ['births', 'deaths', 'idp', 'border', 'sought'];
const KIND_LABELS: Record<ExtractKind, string> = {
  births: 'Народження (ДРАЦС, ЄДДР)',
  deaths: 'Смерті (ДРАЦС)',
  idp: 'Внутрішньо переміщені особи (ЄІБД ВПО)',
  border: 'Перетин державного кордону',
  sought: 'Розшукувані діти («Діти війни»)',
};

interface CaseRow {
  id: string;
  number: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  reasons: Array<{ code: string }>;
  ouo: { id: string; name: string | null } | null;
  regionId: string | null;
  handedOverAt: string | null;
}

/**
 * Issue 10's «done when», in the browser: a new verification officer activates their account, imports the five
 * extracts of a small synthetic region (upload with progress, then import and linkage jobs), reviews borderline pairs
 * side by side (one linked, one rejected, each with a reason), finds the potentially missing children and hands the
 * cases to the ОУО, where a case worker closes one as found enrolled.
 */
describe('verification against state registries', () => {
  let portal: Portal;
  let browser: Browser;
  let admin: ApiSession;
  let dir: string;
  const files = new Map<ExtractKind, { file: string; rows: number }>();

  beforeAll(async () => {
    portal = await startPortal({ bootstrapAdmin: BOOTSTRAP_ADMIN });
    browser = await launchBrowser();
    const ctx = portal.server.runtime.ctx;
    const size = { pupils: 1_200, schools: 6 } as const;
    await seedSynthetic(ctx, { preset: 'demo', seed: 3, ...size });
    const today = ctx.now().toISOString().slice(0, 10);
    const manifest = readManifest();
    const extracts = createSyntheticExtracts(
      {
        codifier: parseKatottgTsv(readDatasetText(manifest.katottg)),
        hostilities: parseHostilitiesTsv(readDatasetText(manifest.hostilities)),
      },
      { preset: 'demo', seed: 3, schoolYear: schoolYearOf(today).id, today, ...size },
      {
        unenrolled: {
          deceased: 0.01,
          abroad: 0.03,
          returned: 0.006,
          idp: 0.01,
          deported: 0.006,
          missing: 0.006,
          unaccounted: 0.02,
        },
        // Noisier registries than usual, so that the model meets pairs it is not sure about.
        noise: {
          typo: 0.03,
          changedSurname: 0.02,
          dayMonthSwap: 0.02,
          missingCertificate: 0.3,
          missingPatronymic: 0.05,
        },
      },
    );
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-extracts-'));
    for (const kind of KINDS) {
      const rows = [...extracts.items(kind)].map((i) => i.row);
      const file = path.join(dir, `${kind}.csv`);
      fs.writeFileSync(file, [...extractCsvLines(kind, rows)].join(''), 'utf8');
      files.set(kind, { file, rows: rows.length });
    }
    admin = await signIn(portal, { ...BOOTSTRAP });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'imports the extracts, reviews borderline pairs, hands the cases to the ОУО, where one is closed as found',
    { timeout: 300_000 },
    async () => {
      const figures: Record<string, unknown> = {};
      const ministry = (await admin.api.organisations.list({ kind: 'ministry', limit: 1 })).items[0]!;
      const created = await admin.api.users.create({
        login: 'verifier',
        fullName: 'Савчук Ірина Олегівна',
        role: 'ministry_verifier',
        organisationId: ministry.id,
      });
      const officer: Account = {
        login: 'verifier',
        password: 'Соняшники ростуть біля ставка влітку',
        fullName: 'Савчук Ірина Олегівна',
      };
      const t = await openPage(browser, portal);
      const { page } = t;
      await activateUi(page, officer, created.activationCode);
      await enrolUi(page, officer);
      await heading(page, 'Реєстр учнів закладів загальної середньої освіти');

      // 1. The extracts, one after another: each is sent with a progress bar, imported and linked by jobs.
      const nav = page.getByRole('navigation', { name: 'Основні розділи' });
      await nav.getByRole('link', { name: 'Верифікація' }).click();
      await heading(page, 'Верифікація за державними реєстрами');
      await page.getByText('Витягів ще не завантажено.').waitFor();
      // Nothing chosen: a clear error by the field, nothing sent.
      await page.getByRole('button', { name: 'Завантажити й звʼязати' }).click();
      await page.getByRole('alert').filter({ hasText: 'Оберіть файл витягу.' }).waitFor();
      for (const kind of KINDS) {
        const { file, rows } = files.get(kind)!;
        await page.getByLabel('Реєстр', { exact: true }).selectOption(kind);
        await page.getByLabel('Файл витягу (CSV)').setInputFiles(file);
        await page.getByRole('button', { name: 'Завантажити й звʼязати' }).click();
        const done = page
          .getByRole('status')
          .filter({ hasText: `Витяг «${KIND_LABELS[kind]}», версія 1: прочитано ${rows} з ${rows} записів` });
        await done.waitFor({ timeout: 60_000 });
        expect(await done.textContent()).toContain('Звʼязування завершено.');
      }
      // The versions with their provenance and linkage figures.
      const versions = page.getByRole('table', { name: 'Версії витягів' });
      await versions.getByRole('row', { name: /Смерті/ }).waitFor();
      expect(await versions.locator('tbody tr').count()).toBe(5);
      const birthsRow = versions.getByRole('row', { name: /Народження/ });
      const birthsText = (await birthsRow.textContent()) ?? '';
      expect(birthsText).toContain('Файл «births.csv», utf-8, роздільник «;»');
      expect(birthsText).toMatch(/SHA-256 [0-9a-f]{16}/);
      expect(birthsText).toMatch(/реєстр учнів: звʼязано \d+, на перевірці \d+, відхилено \d+/);
      figures.births = birthsText.match(/реєстр учнів: [^П]*/)?.[0];
      // A version in detail: provenance and the model EM estimated, field by field.
      await page.getByRole('link', { name: `Докладно: ${KIND_LABELS.births}, версія 1` }).click();
      await heading(page, `${KIND_LABELS.births}, версія 1`);
      const model = page.getByRole('table', { name: 'Модель Феллегі — Сантера (оцінки EM)' });
      await model.waitFor();
      for (const field of ['Прізвище', 'Дата народження', 'переставлені день і місяць', 'УНЗР'])
        expect(await model.textContent()).toContain(field);
      expect(await page.locator('.facts').textContent()).toContain('births.csv');
      await page.getByRole('link', { name: '← Верифікація за державними реєстрами' }).click();
      await heading(page, 'Верифікація за державними реєстрами');

      // 2. A stricter upper threshold sends more of the births pairs to review (a bad one is refused first).
      await page.getByLabel('Версія витягу').selectOption({ label: `${KIND_LABELS.births}, версія 1` });
      await page.getByLabel('Верхній поріг').fill('1,5');
      await page.getByRole('button', { name: 'Звʼязати знову' }).click();
      await page.getByRole('alert').filter({ hasText: 'Введіть число між 0 і 1, наприклад 0,99.' }).waitFor();
      await page.getByLabel('Верхній поріг').fill('0,999999');
      await page.getByLabel('Нижній поріг').fill('0,001');
      await page.getByRole('button', { name: 'Звʼязати знову' }).click();
      const relinked = page
        .getByRole('status')
        .filter({ hasText: /^Звʼязування завершено: звʼязано \d+, на перевірці \d+\.$/ });
      await relinked.waitFor({ timeout: 60_000 });
      figures.relinked = await relinked.textContent();
      expect(Number(/на перевірці (\d+)/.exec(figures.relinked as string)?.[1])).toBeGreaterThanOrEqual(2);

      // 3. The review queue: the pairs the model is not sure about, side by side.
      await page.getByRole('link', { name: 'Черга перевірки пар' }).click();
      await heading(page, 'Черга перевірки пар');
      const queue = page.getByRole('table', { name: 'Черга перевірки пар' });
      await queue.waitFor();
      const queued = await queue.locator('tbody tr').count();
      figures.reviewQueueFirstPage = queued;
      expect(queued).toBeGreaterThanOrEqual(2);
      const decided: string[] = [];
      for (const decision of ['match', 'non_match'] as const) {
        await queue.locator('tbody tr').first().getByRole('link').click();
        await heading(page, /^Порівняння пари № \d+$/);
        decided.push(new URL(page.url()).pathname);
        const comparison = page.locator('table.comparison');
        const text = (await comparison.textContent()) ?? '';
        for (const field of ['Прізвище', 'Імʼя', 'Дата народження', 'Збіг', 'Реєстр']) expect(text).toContain(field);
        // A decision needs its reason.
        await page.getByRole('button', { name: 'Зберегти рішення' }).click();
        await page.getByRole('alert').filter({ hasText: 'Оберіть, чи це та сама дитина.' }).waitFor();
        await page
          .getByRole('radio', {
            name: decision === 'match' ? 'Так, та сама дитина — звʼязати' : 'Ні, різні діти — не звʼязувати',
          })
          .check();
        await page
          .getByLabel('Підстава рішення')
          .fill(decision === 'match' ? 'Збіг свідоцтва в паперовій справі' : 'Інші батьки й місце народження');
        await page.getByRole('button', { name: 'Зберегти рішення' }).click();
        await page
          .getByRole('status')
          .filter({ hasText: decision === 'match' ? 'Пару звʼязано.' : 'Пару позначено як різних дітей.' })
          .waitFor();
        const history = page.getByRole('table', { name: 'Історія рішень' });
        await history.waitFor();
        expect(await history.textContent()).toContain(decision === 'match' ? 'та сама дитина' : 'різні діти');
        expect(await history.textContent()).toContain('Савчук Ірина Олегівна');
        await page.getByRole('link', { name: 'До наступної пари' }).click();
        await heading(page, 'Черга перевірки пар');
        await queue.waitFor();
      }
      // The two decided pairs left the queue.
      const hrefs = await queue.locator('tbody a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      for (const p of decided) expect(hrefs).not.toContain(p);

      // 4. The potentially missing children: a check (a job), then the hand-over to the ОУО.
      await nav.getByRole('link', { name: 'Зниклі діти' }).click();
      await heading(page, 'Потенційно зниклі діти');
      await page.getByLabel('Утрачений звʼязок довше, днів').fill('0');
      await page.getByRole('button', { name: 'Знайти потенційно зниклих дітей' }).click();
      await page.getByRole('alert').filter({ hasText: 'Введіть ціле число від 1 до 730.' }).waitFor();
      await page.getByLabel('Утрачений звʼязок довше, днів').fill('30');
      await page.getByRole('button', { name: 'Знайти потенційно зниклих дітей' }).click();
      const detected = page.getByRole('status').filter({ hasText: 'Перевірку завершено' });
      await detected.waitFor({ timeout: 60_000 });
      const detectedText = (await detected.textContent()) ?? '';
      figures.detection = detectedText;
      const opened = Number(/нових справ (\d+)/.exec(detectedText)?.[1] ?? 0);
      expect(opened).toBeGreaterThan(0);
      expect(detectedText).toContain('без ОУО 0');
      await page.getByRole('button', { name: 'Передати нові справи ОУО' }).click();
      const handed = page.getByRole('status').filter({ hasText: /^Передано \d+ справ/ });
      await handed.waitFor();
      expect(Number(/Передано (\d+)/.exec((await handed.textContent()) ?? '')?.[1])).toBe(opened);
      // Nothing is left to hand over.
      await page.getByRole('button', { name: 'Передати ОУО всі ще не передані справи' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: /^Передано 0 справ / })
        .waitFor();
      // The dashboard and the list by category.
      await page.getByRole('table', { name: 'За категоріями' }).waitFor();
      await page.getByText(`Усього справ: ${opened}`).waitFor();
      await page.getByLabel('Категорія').selectOption('not_enrolled');
      await page.getByRole('button', { name: 'Показати', exact: true }).click();
      const list = page.locator('section[aria-labelledby="cases-title"] table');
      await list.waitFor();
      expect(await list.locator('tbody tr').first().textContent()).toContain('Не навчається ніде');
      expect(t.problems.filter((p) => !/status of 40[13]/.test(p))).toEqual([]);
      await t.context.close();

      // 5. A case worker of the ОУО the first such case went to.
      const session = await signIn(portal, officer);
      const cases = await session.api.http.get<{ items: CaseRow[] }>('/api/v1/verification/cases', {
        query: { reason: 'not_enrolled', limit: 200 },
      });
      const target = cases.items.find((c) => c.handedOverAt && c.ouo)!;
      expect(target).toBeDefined();
      const regional = await createAccount(admin, {
        login: 'region.v',
        fullName: 'Коваленко Олена Петрівна',
        role: 'region_admin',
        organisationId: target.regionId!,
      });
      const worker = await createAccount(regional.session, {
        login: 'ouo.cases',
        fullName: 'Данилюк Марта Степанівна',
        role: 'ouo_specialist',
        organisationId: target.ouo!.id,
      });
      const w = await openPage(browser, portal);
      await signInUi(w.page, worker.account);
      await heading(w.page, 'Реєстр учнів закладів загальної середньої освіти');
      const wnav = w.page.getByRole('navigation', { name: 'Основні розділи' });
      expect(await wnav.getByRole('link', { name: 'Верифікація' }).count()).toBe(0);
      await wnav.getByRole('link', { name: 'Зниклі діти' }).click();
      await heading(w.page, 'Потенційно зниклі діти');
      // No check or hand-over for the ОУО: only its own cases.
      expect(await w.page.getByRole('button', { name: 'Знайти потенційно зниклих дітей' }).count()).toBe(0);
      const name = [target.lastName, target.firstName, target.middleName].filter(Boolean).join(' ');
      await w.page.getByRole('link', { name: `Справа № ${target.number}: ${name}` }).click();
      await heading(w.page, `Справа № ${target.number}`);
      expect(await w.page.locator('.facts').textContent()).toContain('Нова');
      expect(await w.page.locator('#reasons-title + ul').textContent()).toContain('Не навчається ніде');
      await w.page.getByLabel('Новий статус').selectOption('found_enrolled');
      await w.page.getByRole('button', { name: 'Змінити статус' }).click();
      await w.page.getByRole('alert').filter({ hasText: 'Опишіть, як це встановлено' }).waitFor();
      await w.page
        .getByLabel('Як це встановлено')
        .fill('Навчається в ліцеї сусідньої громади, родина переїхала влітку');
      await w.page.getByRole('button', { name: 'Змінити статус' }).click();
      await w.page.getByRole('status').filter({ hasText: 'Статус справи: Знайдено: навчається.' }).waitFor();
      await w.page.getByText('Справу закрито: статус більше не змінюється.').waitFor();
      const history = (await w.page.getByRole('table', { name: 'Історія справи' }).textContent()) ?? '';
      for (const entry of ['відкрито', 'передано ОУО', 'статус: Знайдено: навчається', 'Данилюк Марта Степанівна'])
        expect(history).toContain(entry);
      expect(expected401(w.problems)).toEqual([]);
      await w.context.close();

      // Every view of the case was audited.
      const audit = await admin.api.http.get<{ items: Array<{ action: string }> }>('/api/v1/audit', {
        query: { objectId: target.id, limit: 50 },
      });
      expect(audit.items.filter((a) => a.action === 'verification.case.read').length).toBeGreaterThanOrEqual(2);
      console.log(`verification e2e figures: ${JSON.stringify(figures)}`);
    },
  );
});
