// axe-core finds no WCAG A/AA violations on the account pages, including their error states, each
// reached by clicking from the front page as a person does.
const {
  test, expect, hydrated, signUp, startAt, openLogIn, openSignUp, openSettings, openAccount, expectNoViolations,
} = require('./helpers');

test('the landing, sign-up and log-in pages have no accessibility violations', async ({ page }) => {
  await startAt(page);
  await expectNoViolations(page);
  await openSignUp(page);
  await expectNoViolations(page);
  await openLogIn(page);
  await expectNoViolations(page);
});

test('a sign-up form showing errors has no accessibility violations', async ({ page }) => {
  await openSignUp(page);
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await expectNoViolations(page);
});

test('the member pages have no accessibility violations', async ({ page }) => {
  await signUp(page);
  await expectNoViolations(page);
  await openSettings(page);
  await page.getByRole('button', { name: 'Create invitation link' }).click();
  await expect(page.getByLabel('Invitation link')).toBeVisible();
  await expectNoViolations(page);
  await openAccount(page);
  await expectNoViolations(page);
});

test('the survey builder and its preview have no accessibility violations', async ({ page }) => {
  await signUp(page);
  await hydrated(page);
  await page.getByRole('button', { name: 'New from “Why members join”' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await hydrated(page);
  await expectNoViolations(page);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('radio', { name: /Almost one circle/ })).toBeVisible();
  await expectNoViolations(page);
});
