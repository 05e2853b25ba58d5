import type { Page } from 'playwright-core';
import { totpCode, type Account } from './api';

/**
 * What a person does in the portal, step by step, as the tests repeat it: sign in (with the code of the
 * authenticator app when asked), activate an account, enrol the second factor, sign out.
 */

/** Waits for the page's h1 to read `name`. */
export async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });
}

/** Signs in through the sign-in page; answers the second step with a fresh TOTP code when the server asks for it. */
export async function signInUi(page: Page, account: Account, path = '/sign-in'): Promise<void> {
  if (path) await page.goto(path);
  await heading(page, 'Вхід');
  await page.getByLabel('Логін').fill(account.login);
  await page.getByLabel('Пароль', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Увійти' }).click();
  if (account.secret) {
    const code = page.getByLabel('Код з застосунку-автентифікатора');
    await code.waitFor();
    await code.fill(await totpCode(account.secret));
    await page.getByRole('button', { name: 'Увійти' }).click();
  }
}

/** On the enrolment page: reads the secret shown for manual entry and confirms with a code of it. */
export async function enrolUi(page: Page, account: Account): Promise<void> {
  await heading(page, 'Налаштування другого фактора');
  const secret = page.locator('code.secret');
  await secret.waitFor();
  // The secret is shown grouped by four for typing by hand.
  account.secret = ((await secret.textContent()) ?? '').replace(/\s+/g, '');
  await page.getByLabel('Код з застосунку-автентифікатора').fill(await totpCode(account.secret));
  await page.getByRole('button', { name: 'Підтвердити' }).click();
}

/** First sign-in with the activation code; then the enrolment page when the role needs a second factor. */
export async function activateUi(page: Page, account: Account, code: string): Promise<void> {
  await page.goto('/activate');
  await heading(page, 'Активація облікового запису');
  await page.getByLabel('Логін').fill(account.login);
  await page.getByLabel('Код активації').fill(code);
  await page.getByLabel('Новий пароль', { exact: true }).fill(account.password);
  await page.getByLabel('Повторіть новий пароль').fill(account.password);
  await page.getByRole('button', { name: 'Активувати й увійти' }).click();
}

export async function signOutUi(page: Page, fullName: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(fullName) }).click();
  await page.getByRole('button', { name: 'Вийти' }).click();
  await heading(page, 'Вхід');
}

/** Chooses a result of a search picker (territory or organisation): types, then presses the result's button. */
export async function pick(
  page: Page,
  searchLabel: string | RegExp,
  query: string,
  result: RegExp,
  nth = 0,
): Promise<void> {
  const box = page.getByRole('searchbox', { name: searchLabel }).nth(nth);
  await box.fill(query);
  await page.getByRole('button', { name: result }).first().click();
}

/** Failures a page reports that a test expects: the 401 of a sign-in that asks for the second factor. */
export const expected401 = (problems: readonly string[]) => problems.filter((p) => !/status of 401/.test(p));
