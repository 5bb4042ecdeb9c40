// Branding: a live contrast check of the brand colour, the brand name in the template, and one
// form for name, colour and logo, so choosing a logo never loses what was typed.
const { test, expect, hydrated, signUp, publishedSurvey, openSettings, openSurveys } = require('./helpers');

const SVG_LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#1d4e89"/></svg>';

test('an owner brands the organisation and the template speaks its brand name', async ({ page }) => {
  await signUp(page, { organisation: `Friends of the City Park Trust ${Date.now()}` });
  await openSettings(page);
  const colour = page.getByRole('textbox', { name: 'Primary colour', exact: true });
  await colour.fill('#ffd700');
  await expect(page.getByText(/White text on this colour has a contrast of 1\.\d\d:1; at least 4\.5:1/)).toBeVisible();
  await colour.fill('#1d4e89');
  await expect(page.getByText(/White text on this colour: \d+\.\d\d:1 — readable/)).toBeVisible();
  await page.getByLabel('Brand name').fill('Park Friends');
  await page.getByRole('button', { name: 'Save branding' }).click();
  await expect(page.getByText('Branding saved.')).toBeVisible();

  await page.reload();
  await expect(page.getByLabel('Brand name')).toHaveValue('Park Friends');
  await expect(page.getByRole('textbox', { name: 'Primary colour', exact: true })).toHaveValue('#1d4e89');

  await openSurveys(page);
  await page.getByRole('button', { name: 'New from “Why members join”' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await expect(page.getByLabel('Question text').first()).toHaveValue(/Park Friends/);
});

test('choosing a logo keeps the brand name and colour typed before it', async ({ page }) => {
  await signUp(page);
  await openSettings(page);
  await page.getByLabel('Brand name').fill('Spring Fair');
  await page.getByRole('textbox', { name: 'Primary colour', exact: true }).fill('#0b6e4f');
  await page.getByLabel('Upload a logo').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(SVG_LOGO) });
  await page.getByRole('button', { name: 'Save branding' }).click();
  await expect(page.getByText('Branding saved.')).toBeVisible();
  await expect(page.getByLabel('Brand name')).toHaveValue('Spring Fair');
  await expect(page.getByRole('textbox', { name: 'Primary colour', exact: true })).toHaveValue('#0b6e4f');
  await expect(page.getByRole('img', { name: 'Current logo' })).toBeVisible();

  // A file that is not an image is refused with the reason; what was typed comes back with it.
  await page.getByLabel('Brand name').fill('Autumn Fair');
  await page.getByLabel('Replace the logo').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') });
  await page.getByRole('button', { name: 'Save branding' }).click();
  await expect(page.getByText('That logo is not a PNG, JPEG or SVG image. Nothing was saved.')).toBeVisible();
  await expect(page.getByLabel('Brand name')).toHaveValue('Autumn Fair');
});

test('a logo uploaded in settings heads the survey, which can be embedded in a frame', async ({ page }) => {
  const { path } = await publishedSurvey(page);
  const surveyTitle = await page.getByRole('heading', { level: 1 }).textContent();
  await openSettings(page);
  await page.getByLabel('Upload a logo').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(SVG_LOGO) });
  await page.getByRole('button', { name: 'Save branding' }).click();
  await expect(page.getByText('Branding saved.')).toBeVisible();
  await expect(page.getByRole('img', { name: 'Current logo' })).toBeVisible();

  // A respondent opens the public link.
  const respondent = await page.context().newPage();
  await respondent.goto(path);
  const logo = respondent.getByRole('img', { name: /logo$/ });
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img) => img.naturalWidth)).toBeGreaterThan(0);
  await respondent.close();

  // The embed snippet, from the survey's page, frames the survey on another page.
  await openSurveys(page);
  await page.getByRole('link', { name: surveyTitle, exact: true }).click();
  await hydrated(page);
  const snippet = await page.getByLabel('Embed on your website').inputValue();
  expect(snippet).toContain(`${path}/embed`);
  // Pasted into the organisation's own website, on another origin.
  await page.route('http://website.example/', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>Our website</title><main><h1>Our website</h1>${snippet}</main>`,
  }));
  await page.goto('http://website.example/');
  const frame = page.frameLocator('iframe');
  await expect(frame.getByRole('heading', { name: 'Why members join', level: 1 })).toBeVisible();
  // The frame fits the survey: once the survey reports its height, the frame grows from its
  // first 900 px to all of it, so nothing scrolls inside the frame.
  const iframe = page.locator('iframe');
  await expect.poll(() => iframe.evaluate((f) => f.getBoundingClientRect().height)).toBeGreaterThan(1200);
  const hidden = await frame.locator('html').evaluate((html) => html.scrollHeight - html.clientHeight);
  expect(hidden).toBeLessThanOrEqual(1);
});
