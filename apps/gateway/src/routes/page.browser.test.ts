import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { findFreePort } from '@gapflow/state';
import { builtEntry, ChildProcessOutput, REPO_ROOT } from '@gapflow/testing';

/** Debian's chromium on PATH (`.ci/run` installs it when missing), or CHROMIUM_PATH: a real browser, none downloaded. */
function chromiumOnPath(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not here
      }
    }
  }
  throw new Error('No chromium on PATH: install Debian’s package (apt-get install chromium; .ci/run does so when it is missing), or set CHROMIUM_PATH to a Chromium or Chrome binary.');
}

const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');
const corpus = join(REPO_ROOT, 'packages', 'documents', 'corpus');
const cvText = readFileSync(join(corpus, 'cv', '00-platform-engineer.txt'), 'utf8');
const jdText = readFileSync(join(corpus, 'jd', '00-platform-engineer.md'), 'utf8');

/** A follow-up that tells a whole story about `skill`: situation, action, a measured result. */
function storyAbout(skill: string): string {
  return `Last year our release pipeline kept failing and I owned fixing it with ${skill}. I audited every job, rewrote the deployment steps myself and added checks that block a bad release. I trained the four other engineers on the team. Failed releases fell from 9 a month to 1, and deploy time went from 40 minutes to 12.`;
}

async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await fetch(url).then((response) => response.status).catch(() => 0)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** Serious and critical accessibility violations axe-core finds on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Through the DevTools protocol, which the page's Content-Security-Policy does not govern.
  await page.evaluate(axe.source);
  // Written as text: this file is compiled without the DOM's types.
  const results = (await page.evaluate('axe.run(document)')) as axe.AxeResults;
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
}

/**
 * A whole interview through the page, in Debian's chromium, on the embedded defaults exactly
 * as the README's first command runs them (`gapflow start`: its own redis-server, a gateway, a
 * worker, the development key): paste, start, questions arrive, a thin answer gets deep
 * dives, reload and continue, the follow-up gets the final answer, report, erase. Each step
 * is checked with axe-core and photographed into docs/screenshots, which the README shows.
 */
describe('the interview page in a real browser', () => {
  jest.setTimeout(240_000);
  let dataDir: string;
  let gapflow: ChildProcess;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    const executablePath = process.env.CHROMIUM_PATH || chromiumOnPath();
    dataDir = mkdtempSync(join(tmpdir(), 'gapflow-page-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    const port = await findFreePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const { REDIS_URL: _ignored, PAGE_DEVELOPMENT_KEY: _none, ...inherited } = process.env;
    gapflow = spawn(process.execPath, [builtEntry('cli'), 'start'], {
      env: { ...inherited, PORT: String(port), GAPFLOW_DATA_DIR: dataDir, METRICS_PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = new ChildProcessOutput(gapflow);
    await waitForHttp(`${baseUrl}/readyz`);
    await output.waitFor((line) => line.includes('worker ready'), 30_000);
    // Root cannot use chromium's sandbox (CI runs as root); elsewhere it stays on.
    // gapflow.test: this gateway under a name that is not loopback, as any other site would reach it.
    const args = ['--disable-gpu', '--disable-quic', '--host-resolver-rules=MAP gapflow.test 127.0.0.1', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
    browser = await chromium.launch({ executablePath, headless: true, args });
  });

  afterAll(async () => {
    await browser?.close();
    if (gapflow && gapflow.exitCode === null) {
      const exited = new Promise((resolve) => gapflow.once('close', resolve));
      gapflow.kill('SIGTERM');
      // A shutdown that hangs must not hang the run.
      const forced = setTimeout(() => gapflow.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(forced);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a whole interview: paste, start, questions, deep dives, reload, final answer, report, erase — by keyboard, accessible, without a console error', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    // Generous: the run shares two cores with the rest of the suite.
    page.setDefaultTimeout(60_000);
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    page.on('pageerror', (error) => consoleErrors.push(error.message));

    // A new interview, in development mode, started by keyboard alone.
    await page.goto(`${baseUrl}/`);
    await expectVisible(page.getByText('Development mode'));
    await expectVisible(page.getByLabel('CV file'));
    await expectVisible(page.getByLabel('Job description file'));
    await tabTo(page, page.getByRole('textbox', { name: 'CV', exact: true }));
    await page.keyboard.insertText(cvText);
    await tabTo(page, page.getByRole('textbox', { name: 'Job description', exact: true }));
    await page.keyboard.insertText(jdText);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '1-start');
    await tabTo(page, page.getByRole('button', { name: 'Start interview' }));
    await page.keyboard.press('Enter');

    // The candidate's link, with what was read and the gaps.
    await page.waitForURL(/\/s\/[^/#]+#token=gfc\./);
    const askQuestions = page.getByRole('button', { name: 'Ask the questions' });
    await expectVisible(askQuestions);
    await expectVisible(page.getByRole('heading', { name: 'What gapflow read' }));
    expect(await page.getByRole('region', { name: 'Gaps' }).getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '2-what-was-read-and-the-gaps');

    // Questions arrive as their jobs finish, without a reload.
    await askQuestions.click();
    await expectVisible(page.getByText('Answer each question below'));
    const question = page.getByRole('article').first();
    const skill = ((await question.getByRole('heading').textContent()) ?? '').replace(/^(Critical|Important|Minor)\s*/i, '').trim();
    expect(skill.length).toBeGreaterThan(0);
    await screenshot(page, '3-questions');

    // A thin answer: scored on five criteria, with deep-dive prompts.
    await question.getByRole('textbox', { name: 'Your answer' }).fill('I have done some of that.');
    await question.getByRole('button', { name: 'Send answer' }).click();
    await expectVisible(question.getByRole('region', { name: 'Follow-up questions' }));
    expect(await question.getByRole('meter').count()).toBe(5);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '4-a-thin-answer-and-its-deep-dives');

    // Reloading mid-way continues where it was: the state is on the server.
    await page.reload();
    const reloaded = page.getByRole('article').first();
    await expectVisible(reloaded.getByRole('region', { name: 'Follow-up questions' }));
    await expectVisible(reloaded.getByRole('textbox', { name: 'Your answer' }));

    // Follow-ups until the final answer is written (at most MAX_DEEP_DIVE_ROUNDS more).
    const finalAnswer = reloaded.getByRole('region', { name: 'Final answer' });
    const deepDives = reloaded.getByRole('region', { name: 'Follow-up questions' });
    for (let round = 0; round < 3 && !(await finalAnswer.isVisible()); round += 1) {
      const asked = await deepDives.count();
      await reloaded.getByRole('textbox', { name: 'Your answer' }).fill(storyAbout(skill));
      await reloaded.getByRole('button', { name: 'Send answer' }).click();
      // Either the answer is written, or another round of deep dives asks for more.
      await expectVisible(finalAnswer.or(deepDives.nth(asked)).first());
    }
    await expectVisible(finalAnswer.locator('.sentence').first());
    // Each sentence shows, on keyboard focus, the candidate's words it came from.
    await finalAnswer.locator('.sentence').first().focus();
    await expectVisible(finalAnswer.getByRole('tooltip').first());
    expect(await finalAnswer.getByRole('tooltip').first().textContent()).toMatch(/From your words: “.+”/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '5-the-final-answer');

    // Readable at 375 px: nothing wider than the screen.
    await page.setViewportSize({ width: 375, height: 812 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await screenshot(page, '6-on-a-phone');
    await page.setViewportSize({ width: 1200, height: 900 });

    // The report, and its print (Save as PDF) form: the report alone.
    await page.getByRole('button', { name: 'Report' }).click();
    const report = page.getByRole('region', { name: /^Report/ });
    await expectVisible(report);
    expect(await report.getByRole('article').count()).toBeGreaterThan(0);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('article').filter({ has: page.getByRole('textbox') }).count()).toBe(0);
    expect(await report.isVisible()).toBe(true);
    await screenshot(page, '7-the-report-printed');
    await page.emulateMedia({ media: 'screen' });

    // Erase, by keyboard: Escape cancels; confirming erases.
    await page.getByRole('button', { name: 'Erase session' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Erase this interview?' });
    await expectVisible(dialog);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '8-erase-confirmation');
    await page.keyboard.press('Escape');
    await expectHidden(dialog);
    await page.getByRole('button', { name: 'Erase session' }).focus();
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Erase for good' }).focus();
    await page.keyboard.press('Enter');
    await expectVisible(page.getByRole('heading', { name: 'This interview was erased' }));
    expect(consoleErrors).toEqual([]);

    // The link no longer opens anything.
    await page.reload();
    await expectVisible(page.getByRole('heading', { name: 'This interview cannot be opened' }));
    await context.close();
  });

  it('opens the queue dashboard with the development key as the password, under the gateway’s Content-Security-Policy', async () => {
    const password = readFileSync(join(dataDir, 'dev-api-key'), 'utf8').trim();
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, httpCredentials: { username: 'ops', password } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    await page.goto(`${baseUrl}/admin/queues`);
    await expectVisible(page.getByText('question-batches').first());
    await expectVisible(page.getByText('evaluations').first());
    await screenshot(page, '9-queue-dashboard');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('outside development mode: no key in the page, a link without its token is incomplete, starting asks for an API key, and with one it takes files', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    const elsewhere = baseUrl.replace('127.0.0.1', 'gapflow.test');
    await page.goto(`${elsewhere}/s/ses_whatever`);
    await expectVisible(page.getByRole('heading', { name: 'This link is incomplete' }));
    await page.goto(`${elsewhere}/`);
    await expectVisible(page.getByRole('button', { name: 'Start interview' }));
    expect(await page.getByText('Development mode').count()).toBe(0);
    expect(await page.locator('meta[name="gapflow-development-key"]').count()).toBe(0);
    await page.getByRole('textbox', { name: 'CV', exact: true }).fill(cvText);
    await page.getByRole('textbox', { name: 'Job description', exact: true }).fill(jdText);
    await page.getByRole('button', { name: 'Start interview' }).click();
    await expectVisible(page.getByRole('alert').filter({ hasText: 'API key' }));
    expect(await page.getByLabel('API key').getAttribute('type')).toBe('password');
    expect(await seriousViolations(page)).toEqual([]);

    // With a tenant's key, files chosen instead of pasted text: a PDF CV and a text job ad.
    await page.getByLabel('API key').fill(readFileSync(join(dataDir, 'dev-api-key'), 'utf8').trim());
    await page.getByLabel('CV file').setInputFiles(join(REPO_ROOT, 'examples', 'maya-okafor-cv.pdf'));
    await page.getByLabel('Job description file').setInputFiles(join(REPO_ROOT, 'examples', 'northwind-platform-engineer.txt'));
    await page.getByRole('button', { name: 'Start interview' }).click();
    // The candidate's link: it works here, where the page has no key of its own.
    await page.waitForURL(/\/s\/[^/#]+#token=gfc\./);
    await expectVisible(page.getByRole('heading', { name: 'CV: Maya Okafor' }));
    await expectVisible(page.getByRole('button', { name: 'Ask the questions' }));
    // Only chromium's note that helmet's Cross-Origin-Opener-Policy needs HTTPS off loopback,
    // which a deployment (behind TLS) never shows and this test's plain-HTTP name does.
    expect(consoleErrors.filter((error) => !error.startsWith('The Cross-Origin-Opener-Policy header has been ignored'))).toEqual([]);
    await page.close();
  });
});

async function expectVisible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible' });
}

async function expectHidden(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'hidden' });
}

/** Presses Tab until `target` has the focus: proof it is reachable by keyboard, in order. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 40; presses += 1) {
    if (await target.evaluate((element: unknown) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('could not reach the element by Tab');
}
