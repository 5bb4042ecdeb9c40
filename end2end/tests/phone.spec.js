// Phone width: no page scrolls sideways at 360 px, wide tables scroll inside their own box, and the
// header stays compact. Every page is reached by clicking, as on a phone.
const { test, expect, hydrated, publishedSurvey, openSettings, openAccount, openResults, openSurveys, optionsPerRow, smallestRadio } = require('./helpers');

const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true };

async function noSidewaysScroll(page, where) {
  await page.waitForLoadState('networkidle');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${where} is ${overflow}px wider than the screen`).toBeLessThanOrEqual(0);
}

test('no page scrolls sideways on a 360-pixel phone', async ({ browser }) => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto('/');
  await hydrated(page);
  await noSidewaysScroll(page, 'the front page');
  const { path } = await publishedSurvey(page);
  await noSidewaysScroll(page, 'the survey page');
  const header = await page.locator('.site-header').boundingBox();
  expect(header.height, 'the header fits in two lines').toBeLessThanOrEqual(110);

  const slug = path.split('/').pop();
  const answers = {
    version: 1,
    answers: { reasons: ['identity', 'connections', 'community'], overlap: 5, nps: 9, member_type: 'member', years: '1_2',
      brand_fit: { reflects_me: 6, identify: 6, personal_connection: 5, shows_others: 4, who_i_want_to_be: 5, suits_me: 6 } },
  };
  expect((await page.request.post(`/api/v1/public/surveys/${slug}/responses`, { data: answers })).status()).toBe(201);

  await openResults(page);
  await noSidewaysScroll(page, 'the results page');
  await openSettings(page);
  await noSidewaysScroll(page, 'settings');
  await openAccount(page);
  await noSidewaysScroll(page, 'the account page');
  await openSurveys(page);
  await noSidewaysScroll(page, 'the surveys list');

  // A share link made on the survey's page, opened on a phone.
  await page.getByRole('link', { name: 'Why members join', exact: true }).click();
  await hydrated(page);
  await page.getByText('Share results', { exact: true }).click();
  await page.getByRole('button', { name: 'Make a share link' }).click();
  const shareUrl = await page.getByLabel(/Share link, valid until/).inputValue();
  await noSidewaysScroll(page, 'the survey page with a share link');

  const respondent = await context.newPage();
  await respondent.goto(path);
  await hydrated(respondent);
  await noSidewaysScroll(respondent, 'the survey as respondents see it');
  // On a phone a 7-point scale keeps its points on one row, and 0–10 wraps into even rows of 6
  // and 5, never leaving one option alone; every radio is at least 24 px square.
  expect(await optionsPerRow(respondent.locator('.likert-item').first().locator('.scale-option'))).toEqual([7]);
  expect(await optionsPerRow(respondent.locator('.nps-option'))).toEqual([6, 5]);
  expect(await smallestRadio(respondent)).toBeGreaterThanOrEqual(24);
  await respondent.getByLabel('It connects me with people I want to know').selectOption('1st');
  await respondent.getByLabel('It shows who I am and what I stand for').selectOption('2nd');
  await respondent.getByLabel('It makes me part of something bigger than myself').selectOption('3rd');
  for (const item of ['reflects_me', 'identify', 'personal_connection', 'shows_others', 'who_i_want_to_be', 'suits_me']) {
    await respondent.locator(`input[name="brand_fit[${item}]"][value="5"]`).check();
  }
  await respondent.getByRole('radio', { name: /Overlapping a lot/ }).check();
  await respondent.getByRole('group', { name: /recommend/ }).getByRole('radio', { name: '8', exact: true }).check();
  await respondent.getByRole('radio', { name: 'Volunteer' }).check();
  await respondent.getByRole('radio', { name: '3–5 years' }).check();
  await respondent.getByRole('button', { name: 'Send my answers' }).click();
  await expect(respondent).toHaveURL(/\/thanks\?card=/);
  await noSidewaysScroll(respondent, 'the thank-you page');
  await respondent.goto(await respondent.getByLabel('Share link').inputValue());
  await noSidewaysScroll(respondent, "the identity card's page");
  await respondent.goto(shareUrl);
  await expect(respondent.getByRole('heading', { name: 'Results', level: 1 })).toBeVisible();
  await noSidewaysScroll(respondent, 'the shared results');
  await context.close();
});
