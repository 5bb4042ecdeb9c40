// Shared steps for the journeys: unique addresses, waiting for hydration, signing up.
const { expect } = require('@playwright/test');

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

module.exports = { uniqueEmail, hydrated, signUp, PASSWORD };
