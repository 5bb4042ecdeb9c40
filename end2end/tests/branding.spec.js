// Branding: a live contrast check of the brand colour, and the brand name in the template.
const { test, expect, hydrated, signUp, publishedSurvey } = require('./helpers');

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

test('a logo uploaded in settings heads the survey, which can be embedded in a frame', async ({ page }) => {
  const { path, surveyUrl } = await publishedSurvey(page);
  await page.goto('/settings');
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#1d4e89"/></svg>';
  await page.getByLabel('Upload a logo').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) });
  await page.getByRole('button', { name: 'Upload logo' }).click();
  await expect(page.getByText('Logo saved.')).toBeVisible();
  await expect(page.getByRole('img', { name: 'Current logo' })).toBeVisible();

  // A file that is not an image is refused with the reason.
  await page.getByLabel('Upload a logo').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') });
  await page.getByRole('button', { name: 'Upload logo' }).click();
  await expect(page.getByText('That file is not a PNG, JPEG or SVG image.')).toBeVisible();

  await page.goto(path);
  const logo = page.getByRole('img', { name: /logo$/ });
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img) => img.naturalWidth)).toBeGreaterThan(0);

  // The embed snippet frames the survey on another page.
  await page.goto(surveyUrl);
  const snippet = await page.getByLabel('Embed on your website').inputValue();
  expect(snippet).toContain(`${path}/embed`);
  await page.setContent(`<main><h1>Our website</h1>${snippet}</main>`);
  const frame = page.frameLocator('iframe');
  await expect(frame.getByRole('heading', { name: 'Why members join', level: 1 })).toBeVisible();
});
