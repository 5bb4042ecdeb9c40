// Shared steps for the journeys: unique addresses, waiting for hydration, signing up, and a `test`
// whose page reports what the browser said (console errors, uncaught exceptions) when a test fails.
const base = require('@playwright/test');

const { expect } = base;

const test = base.test.extend({
  page: async ({ page }, use, testInfo) => {
    const said = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') said.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => said.push(`uncaught: ${e.stack || e.message}`));
    page.on('requestfailed', (r) => said.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    await use(page);
    if (testInfo.status !== testInfo.expectedStatus && said.length > 0) {
      console.error(`What the browser said during "${testInfo.title}":\n${said.join('\n')}`);
    }
    // A panic in the WebAssembly is a failure even when the page still looked right.
    const panics = said.filter((s) => s.startsWith('uncaught') || /panicked at/.test(s));
    expect(panics, 'the page raised no uncaught error or panic').toEqual([]);
  },
});

let counter = 0;

/** An email address no other test run has used. */
function uniqueEmail(who) {
  counter += 1;
  return `${who}-${Date.now()}-${counter}@example.org`;
}

/** Waits until the WebAssembly has taken over the server-rendered page. */
async function hydrated(page) {
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1, { timeout: 30_000 });
}

const PASSWORD = 'a long enough passphrase';

/** Opens Kindred's front page, where a person starts. */
async function startAt(page) {
  await page.goto('/');
  await hydrated(page);
}

/** From the front page to the log-in page, by its link. */
async function openLogIn(page) {
  await startAt(page);
  await page.getByRole('main').getByRole('link', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible();
  await hydrated(page);
}

/** From the front page to the sign-up page, by its link. */
async function openSignUp(page) {
  await startAt(page);
  await page.getByRole('link', { name: 'Create your organisation' }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await hydrated(page);
}

/** Signs up a new organisation, starting from the front page, and returns its owner's details. */
async function signUp(page, { organisation = `Friends of the Park ${Date.now()}`, name = 'Ada Owner' } = {}) {
  const email = uniqueEmail('owner');
  await openSignUp(page);
  await page.getByLabel('Organisation name').fill(organisation);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await expect(page).toHaveURL(/\/surveys$/);
  return { organisation, name, email, password: PASSWORD };
}

/** Signs up and publishes the "Why members join" template; returns the public link's path. */
async function publishedSurvey(page) {
  const owner = await signUp(page);
  await hydrated(page);
  await page.getByRole('button', { name: 'New from “Why members join”' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await hydrated(page);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByText('Published — version 1')).toBeVisible();
  const link = await page.getByLabel('Public link').inputValue();
  return { owner, path: new URL(link).pathname, surveyUrl: page.url() };
}

/** The site header's navigation, as a member sees it. */
function nav(page) {
  return page.getByRole('navigation', { name: 'Main' });
}

/** Goes to the surveys list by clicking "Surveys" in the header, as a person does. */
async function openSurveys(page) {
  await hydrated(page);
  await nav(page).getByRole('link', { name: 'Surveys', exact: true }).click();
  await expect(page).toHaveURL(/\/surveys$/);
  await expect(page.getByRole('heading', { name: 'Surveys', level: 1 })).toBeVisible();
  await hydrated(page);
}

/** Goes to the organisation settings by clicking "Settings" in the header. */
async function openSettings(page) {
  await hydrated(page);
  await nav(page).getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole('heading', { name: 'Organisation settings', level: 1 })).toBeVisible();
  await hydrated(page);
}

/** Goes to one's account by clicking "Account" in the header. */
async function openAccount(page) {
  await hydrated(page);
  await nav(page).getByRole('link', { name: 'Account', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Your account', level: 1 })).toBeVisible();
  await hydrated(page);
}

/** From anywhere a member is: the surveys list, then the survey called `title`. */
async function openSurvey(page, title) {
  await openSurveys(page);
  await page.getByRole('link', { name: title, exact: true }).first().click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await hydrated(page);
}

/** From a survey's page, its results, by the "Results" link (navigation in the browser). */
async function openResults(page) {
  await hydrated(page);
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+\/results/);
  await expect(page.getByRole('heading', { name: 'Results', level: 1 })).toBeVisible();
  await hydrated(page);
}

/** Fails with the list of axe-core WCAG 2.1 A/AA violations, if there are any. */
async function expectNoViolations(page) {
  const AxeBuilder = require('@axe-core/playwright').default;
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

/**
 * A page as its user sees it, checked: a screenshot kept as a CI artefact
 * (`end2end/screenshots/<name>.png`), no axe violation — WCAG 2.1 A/AA plus `target-size` (every
 * control at least 24 × 24 px, WCAG 2.2) and `heading-order` — and no sideways scrolling.
 */
async function checkPage(page, name) {
  await page.screenshot({ path: require('path').join(__dirname, '..', 'screenshots', `${name}.png`), fullPage: true });
  await expectNoViolations(page);
  const AxeBuilder = require('@axe-core/playwright').default;
  const extra = await new AxeBuilder({ page }).withRules(['target-size', 'heading-order']).analyze();
  const summary = extra.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `${name}: target size and heading order`).toEqual([]);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways, `${name} scrolls sideways by ${sideways}px`).toBeLessThanOrEqual(0);
}

/** How many of `options` stand on each row, top to bottom (by where each one's top is). */
async function optionsPerRow(options) {
  return options.evaluateAll((labels) => {
    const rows = new Map();
    for (const label of labels) {
      const top = Math.round(label.getBoundingClientRect().top);
      rows.set(top, (rows.get(top) || 0) + 1);
    }
    return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n);
  });
}

/** The smallest side of any radio button on the page, in CSS pixels. */
async function smallestRadio(page) {
  return page.locator('input[type=radio]').evaluateAll((inputs) =>
    Math.min(...inputs.map((i) => Math.min(i.getBoundingClientRect().width, i.getBoundingClientRect().height))));
}

module.exports = {
  checkPage,
  optionsPerRow,
  smallestRadio,
  test,
  expect,
  uniqueEmail,
  hydrated,
  startAt,
  openLogIn,
  openSignUp,
  signUp,
  publishedSurvey,
  expectNoViolations,
  openSurveys,
  openSettings,
  openAccount,
  openSurvey,
  openResults,
  PASSWORD,
};
