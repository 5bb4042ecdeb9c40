// The board report: the dashboard printed (or saved as PDF) says whose survey, which period and
// which filters in words, leaves out what only works on a screen, and takes a few pages.
const { test, expect, publishedSurvey, openResults } = require('./helpers');

const REASONS = ['identity', 'connections', 'community'];
const STATEMENTS = ['reflects_me', 'identify', 'personal_connection', 'shows_others', 'who_i_want_to_be', 'suits_me'];

function answers(i) {
  const first = REASONS[i % 3];
  const fit = 1 + (i % 7);
  return {
    version: 1,
    answers: {
      reasons: [first, ...REASONS.filter((r) => r !== first)],
      brand_fit: Object.fromEntries(STATEMENTS.map((s) => [s, fit])),
      expression: { say_love: 1 + (i % 5), share_posts: 2 + (i % 4), wear_display: 3 },
      overlap: 1 + (i % 7),
      nps: i % 11,
      member_type: ['member', 'volunteer', 'staff'][i % 3],
      years: ['under_1', '1_2', '3_5'][i % 3],
      says_about_you: `Answer number ${i}: that I care about the park.`,
    },
  };
}

test('the printed dashboard starts with whose survey, the period and the filters, and fits a few pages', async ({ page }) => {
  const { owner, path } = await publishedSurvey(page);
  const slug = path.split('/').pop();
  for (let i = 0; i < 60; i += 1) {
    const response = await page.request.post(`/api/v1/public/surveys/${slug}/responses`, { data: answers(i) });
    expect(response.status()).toBe(201);
  }
  await openResults(page);
  await page.getByLabel('Member type').selectOption({ label: 'Member' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.locator('[data-figure="responses"]')).toHaveText('20');
  await page.emulateMedia({ media: 'print' });
  const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const header = page.locator('.page-header');
  await expect(header).toContainText(owner.organisation);
  await expect(header).toContainText('Why members join');
  await expect(page.locator('.report-scope')).toHaveText(`20 responses on ${today}. Filters: Member type: Member.`);
  // Nothing that only works on a screen.
  for (const hidden of ['.filters', '.downloads', '.download-links', '.finding-source', '#text-search']) {
    await expect(page.locator(hidden).first()).toBeHidden();
  }
  await expect(page.getByRole('button')).toHaveCount(0);
  // Every chart has arrived before printing.
  const charts = page.locator('img.chart');
  for (let i = 0; i < await charts.count(); i += 1) {
    await expect.poll(() => charts.nth(i).evaluate((img) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  }
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  expect(pages).toBeGreaterThan(0);
  expect(pages).toBeLessThanOrEqual(6);
});
