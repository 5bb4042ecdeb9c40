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

/** Signs up a new organisation and returns its owner's details. */
async function signUp(page, { organisation = `Friends of the Park ${Date.now()}`, name = 'Ada Owner' } = {}) {
  const email = uniqueEmail('owner');
  await page.goto('/signup');
  await hydrated(page);
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

/** Fails with the list of axe-core WCAG 2.1 A/AA violations, if there are any. */
async function expectNoViolations(page) {
  const AxeBuilder = require('@axe-core/playwright').default;
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary).toEqual([]);
}

module.exports = { test, expect, uniqueEmail, hydrated, signUp, publishedSurvey, expectNoViolations, PASSWORD };
