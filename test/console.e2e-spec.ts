/**
 * The web console in a real browser (Debian's Chromium through playwright-core) against the
 * API started as `npm start` starts it, on the run's database: each story clicks through the
 * console as its user would, axe-core checks every page, and the main pages are photographed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { randomSiret } from './helpers/factories';
import {
  ConsoleServer, accessibility, checkAccessibility, ensureConsoleBuilt, launchChromium, newContext, screenshot, signIn, startConsoleServer,
} from './helpers/console-browser';

jest.setTimeout(180_000);

let server: ConsoleServer;
let browser: Browser;
const figures: Record<string, unknown> = {};
const run = Date.now().toString(36);

beforeAll(async () => {
  ensureConsoleBuilt();
  // The console's cost at start: the same server without it (SERVE_CONSOLE=false), then with it.
  const without = await startConsoleServer(process.env.E2E_DATABASE_URL!, { SERVE_CONSOLE: 'false' });
  figures.startWithoutConsoleMs = Math.round(without.startMs);
  await without.stop();
  server = await startConsoleServer(process.env.E2E_DATABASE_URL!);
  figures.startWithConsoleMs = Math.round(server.startMs);
  figures.consoleSetupMs = server.consoleSetupMs;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  figures.accessibility = accessibility;
  const out = path.resolve(__dirname, '../.data');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'console-figures.json'), JSON.stringify(figures, null, 2));
  console.log(`console figures: ${JSON.stringify({ ...figures, accessibility: accessibility.length + ' pages checked' })}`);
});

async function freshPage(locale = 'fr-FR'): Promise<Page> {
  const context = await newContext(browser, locale);
  return context.newPage();
}

describe('the console is served under /console', () => {
  it('answers the single page on every console path and loads its first page quickly', async () => {
    expect((await fetch(`${server.base}/console/members`)).headers.get('content-type')).toMatch(/text\/html/);
    expect((await fetch(`${server.base}/console/assets/missing.js`)).status).toBe(404);
    const page = await freshPage();
    const started = performance.now();
    await page.goto(`${server.base}/console/sign-in`);
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    figures.firstPageLoadMs = Math.round(performance.now() - started);
    // Navigation Timing of the page itself (the browser's DOM types are not in the API's tsconfig).
    figures.firstPageNavigation = await page.evaluate(() => {
      const perf = (globalThis as any).performance;
      const n = perf.getEntriesByType('navigation')[0];
      const resources = perf.getEntriesByType('resource') as { transferSize: number }[];
      return { domContentLoadedMs: Math.round(n.domContentLoadedEventEnd), loadMs: Math.round(n.loadEventEnd), transferBytes: resources.reduce((sum, r) => sum + (r.transferSize || 0), n.transferSize) };
    });
    await checkAccessibility(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await page.context().close();
  });
});

describe('sign-up, members and API keys', () => {
  it('signs an organisation up, shows the field errors of the API, switches to English, creates and revokes a key', async () => {
    const page = await freshPage();
    await page.goto(`${server.base}/console/sign-up`);
    await checkAccessibility(page, 'sign-up');
    await page.getByLabel('Raison sociale').fill(`CHU Console ${run}`);
    await page.getByLabel('SIRET').fill('12345678901234');
    await page.getByLabel(/^Adresse( \*)?$/).fill('1 place de l’Hôpital');
    await page.getByLabel('Code postal').fill('31000');
    await page.getByLabel('Ville').fill('Toulouse');
    await page.getByLabel(/^Nom( \*)?$/).fill('Alice Admin');
    await page.getByLabel('Adresse e-mail').fill(`admin.${run}@chu-console.test`);
    await page.getByLabel(/Mot de passe/).fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click();
    // The API's message for the SIRET, next to the field.
    const siret = page.getByLabel('SIRET');
    await expectInvalid(page, siret);
    await screenshot(page, 'sign-up-field-error');
    await siret.fill(randomSiret());
    await page.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await page.getByRole('heading', { name: `CHU Console ${run}` }).waitFor();
    await checkAccessibility(page, 'overview');

    await page.getByRole('radio', { name: 'EN' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('link', { name: 'API keys' }).first().waitFor();
    await page.getByRole('link', { name: 'API keys' }).first().click();
    await page.getByLabel(/^Name( \*)?$/).fill('etl');
    await page.getByRole('checkbox', { name: 'PUBLISHER' }).check();
    await page.getByRole('button', { name: 'Create the key' }).click();
    const secret = await page.getByTestId('secret').textContent();
    expect(secret).toMatch(/^hdm_key_/);
    await checkAccessibility(page, 'api-keys');
    await screenshot(page, 'api-keys');
    await page.getByRole('button', { name: 'Revoke etl' }).click();
    await page.getByText(/^revoked /).waitFor();

    await page.getByRole('link', { name: 'Members' }).first().click();
    await page.getByRole('cell', { name: 'Alice Admin' }).waitFor();
    await checkAccessibility(page, 'members');
    await page.context().close();
  });
});

async function expectInvalid(page: Page, field: ReturnType<Page['getByLabel']>) {
  await page.waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await field.elementHandle());
  const described = await field.getAttribute('aria-describedby');
  expect(described).toBeTruthy();
}

export { signIn };
