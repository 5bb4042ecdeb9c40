// Branding: a live contrast check of the brand colour, and the brand name in the template.
const { test, expect } = require('@playwright/test');
const { hydrated, signUp } = require('./helpers');

test('an owner brands the organisation and the template speaks its brand name', async ({ page }) => {
  await signUp(page, { organisation: `Friends of the City Park Trust ${Date.now()}` });
  await page.goto('/settings');
  await hydrated(page);
  const colour = page.getByRole('textbox', { name: 'Primary colour', exact: true });
  await colour.fill('#ffd700');
  await expect(page.getByText(/White text on this colour has a contrast of 1\.\d:1; at least 4\.5:1/)).toBeVisible();
  await colour.fill('#1d4e89');
  await expect(page.getByText(/White text on this colour: \d+\.\d:1 — readable/)).toBeVisible();
  await page.getByLabel('Brand name').fill('Park Friends');
  await page.getByRole('button', { name: 'Save branding' }).click();
  await expect(page.getByText('Branding saved.')).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Brand name')).toHaveValue('Park Friends');
  await expect(page.getByRole('textbox', { name: 'Primary colour', exact: true })).toHaveValue('#1d4e89');

  await page.goto('/surveys');
  await hydrated(page);
  await page.getByRole('button', { name: 'New from “Why members join”' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await expect(page.getByLabel('Question text').first()).toHaveValue(/Park Friends/);
});
