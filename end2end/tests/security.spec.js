// Script injection: a payload typed into every text a person can type — organisation and person
// names, survey title, question texts, items, choices, scale names and end labels, brand name,
// token name, answers, "Other", the name on an identity card — and every page that shows it
// visited, each reached by clicking where it can be. A trap fails the test on any dialog, any
// request to the payload's address and any uncaught error, and each page's title must read the
// payload as text.
const { test, expect, hydrated, signUp, openSurveys, openSettings } = require('./helpers');

// Short enough for every field's limit; `:9` is a port nothing listens on.
const PAYLOAD = `"'></title><script src=//127.0.0.1:9/t.js></script><img src=x onerror=alert(1)>`;
const SHORT = '<img src=x onerror=alert(2)>';

/** Fails the test on any dialog or request the payload would cause, on every page of `context`. */
function trap(context) {
  const caught = [];
  context.on('page', (page) => watch(page, caught));
  context.pages().forEach((page) => watch(page, caught));
  return caught;
}

function watch(page, caught) {
  page.on('dialog', async (dialog) => {
    caught.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on('request', (request) => {
    const url = request.url();
    if (url.includes('127.0.0.1:9/') || /\/x$/.test(new URL(url).pathname)) caught.push(`request: ${url}`);
  });
  page.on('pageerror', (error) => caught.push(`uncaught: ${error.message}`));
}

/** The page's title shows the payload as text (escaped on the server, set as text in the browser). */
async function titleReadsAsText(page) {
  await expect.poll(() => page.title()).toContain(PAYLOAD);
}

test('typed text never runs as script on any page that shows it', async ({ page, browser }) => {
  const caught = trap(page.context());
  await signUp(page, { organisation: PAYLOAD, name: PAYLOAD });
  await hydrated(page);
  await expect(page.locator('.nav-org')).toHaveText(PAYLOAD);

  // The builder: the survey's title and texts of every kind.
  await page.getByRole('button', { name: 'New from “Why members join”' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await hydrated(page);
  await page.getByLabel('Survey title').fill(PAYLOAD);
  const question = (n) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(`^Question ${n}(?!\\d)`) }) });
  await question(1).getByLabel('Question text').fill(PAYLOAD);
  await question(1).getByLabel('Item 1 text').fill(PAYLOAD);
  await question(2).getByLabel('Scale name').fill(PAYLOAD);
  await question(2).getByLabel('Label of the lowest point').fill(PAYLOAD);
  await question(2).getByLabel('Statement 1 text').fill(PAYLOAD);
  await question(7).getByLabel('Question text').fill(PAYLOAD);
  await question(7).getByLabel('Choice 1 text').fill(PAYLOAD);
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByText('Published — version 1')).toBeVisible();
  await titleReadsAsText(page);
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('group', { name: PAYLOAD }).first()).toBeVisible();
  const link = await page.getByLabel('Public link').inputValue();
  const surveyUrl = page.url();

  // The brand name, and an API token's name.
  await openSettings(page);
  await page.getByLabel('Brand name').fill(PAYLOAD);
  await page.getByRole('button', { name: 'Save branding' }).click();
  await expect(page.getByText('Branding saved.')).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Token name').fill(PAYLOAD);
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByLabel('New API token')).toBeVisible();
  await expect(page.getByRole('row', { name: PAYLOAD }).first()).toBeVisible();

  // A respondent answers with the payload wherever they can type.
  const respondentContext = await browser.newContext();
  const respondentCaught = trap(respondentContext);
  const respondent = await respondentContext.newPage();
  await respondent.goto(link);
  await hydrated(respondent);
  await titleReadsAsText(respondent);
  await respondent.locator('#reasons-identity').selectOption('1st');
  await respondent.getByLabel('It connects me with people I want to know').selectOption('2nd');
  await respondent.getByLabel('It makes me part of something bigger than myself').selectOption('3rd');
  for (const item of ['identify', 'personal_connection', 'shows_others', 'who_i_want_to_be', 'suits_me', 'reflects_me']) {
    await respondent.locator(`input[name="brand_fit[${item}]"][value="6"]`).check();
  }
  await respondent.getByRole('radio', { name: /Overlapping a lot/ }).check();
  await respondent.getByRole('group', { name: /recommend/ }).getByRole('radio', { name: '9', exact: true }).check();
  await respondent.getByRole('radio', { name: PAYLOAD, exact: true }).check();
  await respondent.getByRole('radio', { name: '3–5 years' }).check();
  await respondent.getByLabel(/Your answer \(up to 1000/).fill(PAYLOAD);
  await respondent.getByLabel(/Your name on your identity card/).fill(SHORT);
  await respondent.getByRole('button', { name: 'Send my answers' }).click();
  await expect(respondent).toHaveURL(/\/thanks\?card=/);
  await expect(respondent.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  const card = await respondent.getByLabel('Share link').inputValue();
  await respondent.goto(card);
  await expect(respondent.getByRole('heading', { name: `${SHORT} says` })).toBeVisible();
  expect(await respondent.title()).toContain(PAYLOAD);
  await respondent.goto(`${new URL(link).pathname}/embed`);
  await titleReadsAsText(respondent);

  // The refused form as the server sends it back, without JavaScript.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const noScriptCaught = trap(noScript);
  const refused = await noScript.newPage();
  await refused.goto(link);
  await refused.getByLabel(/Your answer \(up to 1000/).fill(PAYLOAD);
  const [response] = await Promise.all([
    refused.waitForNavigation(),
    refused.getByRole('button', { name: 'Send my answers' }).click(),
  ]);
  expect(response.status()).toBe(422);
  await titleReadsAsText(refused);
  await expect(refused.getByLabel(/Your answer \(up to 1000/)).toHaveValue(PAYLOAD);

  // The manager's pages: the list, the survey, its results (open answers included), a share link.
  await openSurveys(page);
  await expect(page.getByRole('link', { name: PAYLOAD, exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: `Results of ${PAYLOAD}`, exact: true })).toBeVisible();
  await page.getByRole('link', { name: PAYLOAD, exact: true }).click();
  await expect(page).toHaveURL(surveyUrl);
  await hydrated(page);
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Results', level: 1 })).toBeVisible();
  await titleReadsAsText(page);
  await expect(page.locator('.open-answers blockquote').first()).toHaveText(PAYLOAD);
  await page.getByRole('link', { name: PAYLOAD }).first().click();
  await expect(page).toHaveURL(surveyUrl);
  await hydrated(page);
  await page.getByText('Share results', { exact: true }).click();
  await page.getByRole('checkbox', { name: /open answers/ }).check();
  await page.getByRole('button', { name: 'Make a share link' }).click();
  const shareUrl = await page.getByLabel(/Share link, valid until/).inputValue();
  const board = await respondentContext.newPage();
  await board.goto(shareUrl);
  await titleReadsAsText(board);
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();

  // Every page was seen with the payload as text; nothing ran and nothing was fetched.
  expect([...caught, ...respondentCaught, ...noScriptCaught]).toEqual([]);
  await respondentContext.close();
  await noScript.close();
});
