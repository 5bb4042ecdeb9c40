// Every page each kind of user reaches, reached by clicking from where they start, at desktop
// (1366 × 900) and phone (390 × 844) size: a screenshot of each is kept in end2end/screenshots/
// (a CI artefact), and each is checked by axe — including target size and heading order — and
// for sideways scrolling (see `checkPage`).
const { test, expect, hydrated, signUp, checkPage, openSurveys, openSettings, openAccount, openResults } = require('./helpers');

const LIKERT = ['reflects_me', 'identify', 'personal_connection', 'shows_others', 'who_i_want_to_be', 'suits_me'];

for (const [size, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  test.describe(`at ${size} size`, () => {
    test.use({ viewport });

    test(`marketer, respondent and manager click through every page (${size})`, async ({ page, browser }) => {
      // A dozen pages, each photographed and checked by axe twice: a long journey, not a slow page.
      test.setTimeout(180_000);
      const shot = (name) => checkPage(page, `${size}/${name}`);
      // Marketer: the front page, sign-up, the surveys list, the builder, publishing, sharing.
      await page.goto('/');
      await hydrated(page);
      await checkPage(page, `${size}/01-landing`);
      await signUp(page);
      await hydrated(page);
      await shot('02-surveys-empty');
      await page.getByRole('button', { name: 'New from “Why members join”' }).click();
      await expect(page).toHaveURL(/\/surveys\/\d+$/);
      await hydrated(page);
      await shot('03-builder');
      await page.getByRole('button', { name: 'Preview' }).click();
      await shot('04-preview');
      await page.getByRole('button', { name: 'Publish', exact: true }).click();
      await expect(page.getByText('Published — version 1')).toBeVisible();
      await shot('05-published-share');
      const link = await page.getByLabel('Public link').inputValue();

      // Respondent: the public link, answered, the thank-you page and the identity card.
      const context = await browser.newContext({ viewport });
      const respondent = await context.newPage();
      await respondent.goto(link);
      await hydrated(respondent);
      await checkPage(respondent, `${size}/06-respond`);
      await respondent.getByLabel('It shows who I am and what I stand for').selectOption('1st');
      await respondent.getByLabel('It connects me with people I want to know').selectOption('2nd');
      await respondent.getByLabel('It makes me part of something bigger than myself').selectOption('3rd');
      for (const item of LIKERT) await respondent.locator(`input[name="brand_fit[${item}]"][value="6"]`).click();
      await respondent.getByRole('radio', { name: /Overlapping a lot/ }).click();
      await respondent.getByRole('group', { name: /recommend/ }).getByRole('radio', { name: '9', exact: true }).click();
      await respondent.getByRole('radio', { name: 'Volunteer' }).click();
      await respondent.getByRole('radio', { name: '3–5 years' }).click();
      await respondent.getByRole('button', { name: 'Send my answers' }).click();
      await expect(respondent).toHaveURL(/\/thanks\?card=/);
      await checkPage(respondent, `${size}/07-thanks`);
      const card = await respondent.getByLabel('Share link').inputValue();
      await respondent.goto(card);
      await checkPage(respondent, `${size}/08-card`);
      await context.close();

      // Manager: the results, filtered, and the organisation's pages.
      await openSurveys(page);
      await shot('09-surveys');
      await page.getByRole('link', { name: /^Results of / }).first().click();
      await expect(page.getByRole('heading', { name: 'Results', level: 1 })).toBeVisible();
      await hydrated(page);
      await expect(page.locator('[data-figure="responses"]')).toHaveText('1');
      await shot('10-results');
      await page.getByLabel('Member type').selectOption({ label: 'Volunteer' });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await expect(page).toHaveURL(/segment=member_type%3Dvolunteer/);
      await shot('11-results-filtered');
      await openSettings(page);
      await shot('12-settings');
      await openAccount(page);
      await shot('13-account');
    });
  });
}
