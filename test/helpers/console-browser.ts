import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, Browser, BrowserContext, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import type { GqlResult, GraphqlClient } from './test-app';
import { freePort } from './server-process';

const ROOT = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const consoleBuild = require(path.join(ROOT, 'apps/console/build-info.cjs')) as { buildState(): string };

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OPERATOR = { email: 'operator@console.test', password: 'operator-console-password' };

/** Builds the console when its sources changed since the last build (the server never builds in tests). */
export function ensureConsoleBuilt(): void {
  if (consoleBuild.buildState() === 'current') return;
  execFileSync('npm', ['run', '--silent', 'console:build'], { cwd: ROOT, stdio: 'inherit' });
}

export interface ConsoleServer extends GraphqlClient {
  base: string;
  /** From spawn to /health/ready answering */
  startMs: number;
  /** The console's own share of the start, as the server reports it (serveConsole) */
  consoleSetupMs: number | null;
  stop(): Promise<void>;
}

/** The API as `npm start` runs it, on the e2e database, with the console under /console. */
export async function startConsoleServer(databaseUrl: string, env: Record<string, string> = {}): Promise<ConsoleServer> {
  const port = await freePort();
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'hdm-console-'));
  const started = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--max-semi-space-size=32', '-r', require.resolve('ts-node/register/transpile-only'), '-r', require.resolve('tsconfig-paths/register'), path.join(ROOT, 'apps/api/src/main.ts')],
    {
      cwd,
      env: {
        ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'), DATA_DIR: cwd, CONTRACT_TEMPLATES_DIR: path.join(ROOT, 'contracts-templates'),
        DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PUBLIC_CACHE_SECONDS: '0', NODE_ENV: 'test',
        PLATFORM_OPERATOR_EMAIL: OPERATOR.email, PLATFORM_OPERATOR_PASSWORD: OPERATOR.password, ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${stderr}`);
    if (await fetch(`${base}/health/ready`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start within 300 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const startMs = performance.now() - started;
  await new Promise((r) => setTimeout(r, 50));
  const setup = /Web console at .* \(set up in ([\d.]+) ms\)/.exec(stdout);
  return {
    base,
    startMs,
    consoleSetupMs: setup ? Number(setup[1]) : null,
    async gql<T = any>(query: string, variables: Record<string, unknown> = {}, token: string | null = null): Promise<GqlResult<T>> {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GqlResult<T>;
    },
    async stop() {
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'));
      fs.rmSync(cwd, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function newContext(browser: Browser, locale = 'fr-FR'): Promise<BrowserContext> {
  const context = await browser.newContext({ locale, viewport: { width: 1366, height: 900 }, timezoneId: 'Europe/Paris' });
  // Generous on a shared machine: waits end on the element or event, so a fast run stays fast.
  context.setDefaultTimeout(Number(process.env.CONSOLE_WAIT_MS ?? 45_000));
  return context;
}

/** Pages checked by axe, with the violations found (only serious and critical fail the test). */
export const accessibility: { page: string; serious: string[]; minor: number }[] = [];

/** axe-core on the page as it is now: no serious or critical violation (WCAG 2.1 A and AA). */
export async function checkAccessibility(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  accessibility.push({ page: name, serious: serious.map((v) => v.id), minor: result.violations.length - serious.length });
  const detail = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + n.failureSummary).join('\n  ')}`);
  if (serious.length) throw new Error(`accessibility violations on ${name}:\n${detail.join('\n')}`);
  await checkKeyboardReach(page, name);
}

/**
 * Every visible control of the page can take the keyboard focus: links, buttons, fields,
 * checkboxes and radios are in the tab order (none taken out with tabindex="-1"), and the
 * focus really lands on each when asked (no control hidden from the keyboard).
 */
export async function checkKeyboardReach(page: Page, name: string): Promise<void> {
  const unreachable = await page.evaluate(() => {
    const doc = (globalThis as any).document;
    const controls = [...doc.querySelectorAll('a[href], button, input, select, textarea, [role=button], [role=checkbox], [role=radio], [role=switch], [role=tab]')] as any[];
    const problems: string[] = [];
    for (const el of controls) {
      const box = el.getBoundingClientRect();
      const visible = box.width > 0 && box.height > 0 && (globalThis as any).getComputedStyle(el).visibility !== 'hidden';
      // Mantine's radios, checkboxes and switches are real inputs drawn over by their label: visible through it.
      const styled = el.tagName === 'INPUT' && ['radio', 'checkbox'].includes(el.type);
      if ((!visible && !styled) || el.disabled || el.closest('[aria-hidden=true]') || el.type === 'hidden') continue;
      // A radio group is one tab stop; its other radios are reached with the arrow keys.
      if (el.type === 'radio' && !el.checked && doc.querySelector(`input[type=radio][name="${el.name}"]:checked`)) continue;
      el.focus();
      if (el.tabIndex < 0 || doc.activeElement !== el) problems.push(`${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}`);
    }
    (doc.activeElement as any)?.blur?.();
    return problems;
  });
  if (unreachable.length) throw new Error(`controls not reachable with the keyboard on ${name}: ${unreachable.join('; ')}`);
}

/**
 * A screenshot of a main page: into docs/console/ (committed, shown in README) when
 * CONSOLE_SCREENSHOTS=docs, otherwise under .data/console-screenshots/ for a look.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.CONSOLE_SCREENSHOTS === 'docs' ? path.join(ROOT, 'docs/console') : path.join(ROOT, '.data/console-screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: false });
}

/** Signs in through the form with the keyboard only: Tab into the fields, Enter to send. */
export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/console/sign-in`);
  await page.getByLabel(/Adresse e-mail|E-mail/).first().focus();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: /Se déconnecter|Sign out/ }).waitFor();
}
