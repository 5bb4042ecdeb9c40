// The respondent journeys: the template survey answered with the mouse, with the keyboard only,
// without JavaScript and on a phone, and the respondent pages checked by axe-core.
const { test, expect, hydrated, publishedSurvey, expectNoViolations, optionsPerRow, smallestRadio } = require('./helpers');

const LIKERT = ['reflects_me', 'identify', 'personal_connection', 'shows_others', 'who_i_want_to_be', 'suits_me'];

/** Answers every required question of the template by clicking, as a mouse or finger would. */
async function answerByPointing(page) {
  await page.getByLabel('It connects me with people I want to know').selectOption('1st');
  await page.getByLabel('It shows who I am and what I stand for').selectOption('2nd');
  await page.getByLabel('It makes me part of something bigger than myself').selectOption('3rd');
  for (const item of LIKERT) {
    await page.locator(`input[name="brand_fit[${item}]"][value="6"]`).click();
  }
  await page.getByRole('radio', { name: /Overlapping a lot/ }).click();
  await page.getByRole('group', { name: /recommend/ }).getByRole('radio', { name: '9', exact: true }).click();
  await page.getByRole('radio', { name: 'Volunteer' }).click();
  await page.getByRole('radio', { name: '3–5 years' }).click();
}

test('a member answers the template with the mouse and gets an identity card', async ({ page, browser }) => {
  const { path, owner } = await publishedSurvey(page);
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const respondent = await context.newPage();
  await respondent.goto(path);
  await hydrated(respondent);
  await expect(respondent.getByRole('heading', { name: 'Why members join', level: 1 })).toBeVisible();
  await expectNoViolations(respondent);
  // On a desktop screen each scale, 1–7 and 0–10, stands on one row; radios are 24 px or more.
  expect(await optionsPerRow(respondent.locator('.likert-item').first().locator('.scale-option'))).toEqual([7]);
  expect(await optionsPerRow(respondent.locator('.nps-option'))).toEqual([11]);
  expect(await smallestRadio(respondent)).toBeGreaterThanOrEqual(24);

  // Hydrated, an incomplete form is checked in place: no page load, errors beside the questions.
  await respondent.evaluate(() => { window.stillHere = true; });
  await respondent.getByRole('button', { name: 'Send my answers' }).click();
  await expect(respondent.getByRole('heading', { name: /Please check \d+ answers/ })).toBeVisible();
  expect(await respondent.evaluate(() => window.stillHere)).toBe(true);
  const reasons = respondent.getByRole('group', { name: /Why are you part of/ });
  await expect(reasons.locator('.question-error')).toContainText('it is required');
  await expectNoViolations(respondent);

  await answerByPointing(respondent);
  // Choosing a place another item holds swaps them, and the order is read out.
  await respondent.getByLabel('It makes me part of something bigger than myself').selectOption('1st');
  await expect(respondent.getByLabel('It connects me with people I want to know')).toHaveValue('3');
  await expect(respondent.locator('.ranking-order')).toHaveText(
    'Your order: 1st It makes me part of something bigger than myself, 2nd It shows who I am and what I stand for, 3rd It connects me with people I want to know.',
  );
  await expect(respondent.getByText('6 of 8 questions answered')).toBeVisible();
  await respondent.getByLabel(/Your name on your identity card/).fill('Ana');
  await respondent.getByRole('button', { name: 'Send my answers' }).click();

  await expect(respondent).toHaveURL(/\/thanks\?card=/);
  await expect(respondent.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  // The thank-you page keeps the brand header of the survey it thanks for.
  await expect(respondent.locator('.respondent-brand')).toContainText(owner.organisation);
  const card = respondent.getByRole('img', { name: /because I belong to something bigger/ });
  await expect(card).toBeVisible();
  await expectNoViolations(respondent);
  const [download] = await Promise.all([
    respondent.waitForEvent('download'),
    respondent.getByRole('link', { name: 'Download PNG' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('identity-card.png');
  const share = await respondent.getByLabel('Share link').inputValue();
  // "Share…" opens the phone's share sheet with the card's link (a stand-in sheet here: desktop
  // Chromium on Linux has none) …
  const shareButton = respondent.getByRole('button', { name: 'Share…' });
  await expect(shareButton).toBeVisible();
  await respondent.evaluate(() => {
    Object.defineProperty(navigator, 'share', {
      configurable: true,
      value: async (data) => { window.sharedWith = data; },
    });
  });
  await shareButton.click();
  await expect.poll(() => respondent.evaluate(() => window.sharedWith && window.sharedWith.url)).toBe(share);
  // … and where there is no share sheet, copies the link.
  await respondent.evaluate(() => Object.defineProperty(navigator, 'share', { configurable: true, value: undefined }));
  await shareButton.click();
  await expect(respondent.getByRole('status').filter({ hasText: 'Link copied.' })).toBeVisible();
  expect(await respondent.evaluate(() => navigator.clipboard.readText())).toBe(share);
  const shared = await (await context.request.get(share)).text();
  expect(shared).toContain('og:image');
  expect(shared).toContain('Ana');

  // Whoever opens the card can take the survey too, by its link on the card's page.
  const friend = await (await browser.newContext()).newPage();
  await friend.goto(share);
  await friend.getByRole('link', { name: 'Take the survey' }).click();
  await expect(friend).toHaveURL(new RegExp(`${path}$`));
  await expect(friend.getByRole('heading', { name: 'Why members join', level: 1 })).toBeVisible();
  await friend.context().close();

  // Back on the survey, the same browser is told it has answered.
  await respondent.goto(path);
  await expect(respondent.getByText('You have already answered this survey')).toBeVisible();
  await context.close();
});

test('a member answers with the keyboard only', async ({ page, browser }) => {
  const { path } = await publishedSurvey(page);
  const context = await browser.newContext();
  const respondent = await context.newPage();
  await respondent.goto(path);
  await hydrated(respondent);
  const places = { 'reasons-identity': '1', 'reasons-connections': '2', 'reasons-community': '3' };
  let sent = false;
  for (let step = 0; step < 80 && !sent; step += 1) {
    await respondent.keyboard.press('Tab');
    const focused = await respondent.evaluate(() => {
      const e = document.activeElement;
      return { tag: e.tagName, type: e.type, id: e.id, text: e.textContent };
    });
    if (focused.tag === 'SELECT') {
      await respondent.keyboard.press(places[focused.id]);
    } else if (focused.type === 'radio') {
      // Arrow keys move within a group and choose as they go.
      await respondent.keyboard.press('ArrowRight');
      await respondent.keyboard.press('ArrowRight');
    } else if (focused.tag === 'BUTTON' && focused.text.includes('Send my answers')) {
      await respondent.keyboard.press('Enter');
      sent = true;
    }
  }
  expect(sent).toBe(true);
  await expect(respondent).toHaveURL(/\/thanks\?card=/);
  await expect(respondent.getByRole('img', { name: /because it says who I am/ })).toBeVisible();
  await context.close();
});

test('a member answers with JavaScript turned off', async ({ page, browser }) => {
  const { path } = await publishedSurvey(page);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const respondent = await context.newPage();
  await respondent.goto(path);
  await respondent.getByLabel('It shows who I am and what I stand for').selectOption('1st');
  await respondent.getByLabel('It connects me with people I want to know').selectOption('1st');
  await respondent.getByRole('radio', { name: 'Staff' }).click();
  await respondent.getByLabel(/Your answer \(up to 1000/).fill('That I turn up.');
  const [response] = await Promise.all([
    respondent.waitForNavigation(),
    respondent.getByRole('button', { name: 'Send my answers' }).click(),
  ]);
  expect(response.status()).toBe(422);
  await expect(respondent.getByRole('heading', { name: /Please check \d+ answers/ })).toBeVisible();
  await expect(respondent.locator('#reasons-error')).toContainText('You gave 1st place to both');
  // Everything typed or chosen is still there.
  await expect(respondent.getByRole('radio', { name: 'Staff' })).toBeChecked();
  await expect(respondent.getByLabel(/Your answer \(up to 1000/)).toHaveValue('That I turn up.');

  await respondent.getByLabel('It connects me with people I want to know').selectOption('2nd');
  await respondent.getByLabel('It makes me part of something bigger than myself').selectOption('3rd');
  for (const item of LIKERT) {
    await respondent.locator(`input[name="brand_fit[${item}]"][value="5"]`).check();
  }
  await respondent.getByRole('radio', { name: /Overlapping about half/ }).check();
  await respondent.getByRole('group', { name: /recommend/ }).getByRole('radio', { name: '10', exact: true }).check();
  await respondent.getByRole('radio', { name: 'More than 10 years' }).check();
  await respondent.getByRole('button', { name: 'Send my answers' }).click();
  await expect(respondent).toHaveURL(/\/thanks\?card=/);
  await expect(respondent.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await context.close();
});

test('a member answers on a phone-sized screen', async ({ page, browser }) => {
  const { path } = await publishedSurvey(page);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const respondent = await context.newPage();
  await respondent.goto(path);
  await hydrated(respondent);
  const overflow = await respondent.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await answerByPointing(respondent);
  await respondent.getByRole('button', { name: 'Send my answers' }).click();
  await expect(respondent).toHaveURL(/\/thanks\?card=/);
  await expect(respondent.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await context.close();
});

test('the refused form as the server sends it back has no accessibility violations', async ({ page, browser }) => {
  const { path } = await publishedSurvey(page);
  // Scripts run (axe needs them) but the page's own code is kept away, so the form posts natively.
  const context = await browser.newContext();
  await context.route(/\/pkg\//, (route) => route.abort());
  const respondent = await context.newPage();
  await respondent.goto(path);
  await respondent.getByRole('radio', { name: 'Staff' }).click();
  const [response] = await Promise.all([
    respondent.waitForNavigation(),
    respondent.getByRole('button', { name: 'Send my answers' }).click(),
  ]);
  expect(response.status()).toBe(422);
  await expect(respondent.locator('#nps-error')).toContainText('required');
  await expectNoViolations(respondent);
  await context.close();
});

test('moving through a ranking place with the arrow keys takes no place from another item', async ({ page, browser }) => {
  const { path } = await publishedSurvey(page);
  const context = await browser.newContext();
  const respondent = await context.newPage();
  await respondent.goto(path);
  await hydrated(respondent);
  const identity = respondent.getByLabel('It shows who I am and what I stand for');
  const connections = respondent.getByLabel('It connects me with people I want to know');
  await identity.selectOption('1st');
  // Connections' place, from "—" down through 1st to 2nd.
  await connections.focus();
  await respondent.keyboard.press('ArrowDown');
  await respondent.keyboard.press('ArrowDown');
  await respondent.keyboard.press('Tab');
  await expect(connections).toHaveValue('2');
  await expect(identity).toHaveValue('1');
  await expect(respondent.locator('.ranking-order')).toHaveText(
    'Your order: 1st It shows who I am and what I stand for, 2nd It connects me with people I want to know.',
  );
  // Stopping on a place another item holds still swaps the two.
  await connections.focus();
  await respondent.keyboard.press('ArrowUp');
  await respondent.keyboard.press('Tab');
  await expect(connections).toHaveValue('1');
  await expect(identity).toHaveValue('2');
  await context.close();
});

test('a refused send moves focus to the summary, and a fixed answer loses its message', async ({ page, browser }) => {
  const { path } = await publishedSurvey(page);
  const context = await browser.newContext();
  const respondent = await context.newPage();
  await respondent.goto(path);
  await hydrated(respondent);
  await respondent.getByRole('button', { name: 'Send my answers' }).click();
  const summary = respondent.locator('#error-summary');
  await expect(summary).toBeFocused();
  await expect(summary).toBeInViewport();
  const nps = respondent.getByRole('group', { name: /recommend/ });
  await expect(nps.locator('.question-error')).toBeVisible();
  await nps.getByRole('radio', { name: '7', exact: true }).check();
  await expect(nps.locator('.question-error')).toHaveCount(0);
  // Other questions keep theirs until they are answered.
  await expect(respondent.getByRole('group', { name: /Which best describes you/ }).locator('.question-error')).toBeVisible();
  await context.close();
});

test('a double click on "Send my answers" ends on the thank-you page with the card', async ({ page, browser }) => {
  const { path } = await publishedSurvey(page);
  // Without JavaScript nothing stops the second click: the server treats it as the same answer.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const respondent = await context.newPage();
  await respondent.goto(path);
  await answerByPointing(respondent);
  await respondent.getByRole('button', { name: 'Send my answers' }).dblclick();
  await expect(respondent).toHaveURL(/\/thanks\?card=/);
  await expect(respondent.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await expect(respondent.getByRole('img', { name: /for the people it connects me with/ })).toBeVisible();
  await context.close();
});

test('a long answer with a line break is counted as the browser counts it', async ({ page, browser }) => {
  const { path } = await publishedSurvey(page);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const respondent = await context.newPage();
  await respondent.goto(path);
  await answerByPointing(respondent);
  const answer = respondent.getByLabel(/Your answer \(up to 1000/);
  // 999 letters and one line break: exactly the limit, sent as CR LF.
  await answer.fill(`${'a'.repeat(500)}\n${'b'.repeat(499)}`);
  await respondent.getByRole('button', { name: 'Send my answers' }).click();
  await expect(respondent).toHaveURL(/\/thanks/);
  await context.close();
});

test('while the answers are sent the button says so and takes no second click', async ({ page, browser }) => {
  const { path } = await publishedSurvey(page);
  const context = await browser.newContext();
  const respondent = await context.newPage();
  const posts = [];
  // Hold the answers on their way, as a slow connection would.
  await respondent.route(`**${path}`, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    posts.push(route.request().url());
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return route.continue();
  });
  await respondent.goto(path);
  await hydrated(respondent);
  await answerByPointing(respondent);
  // Two clicks in quick succession, from the page itself (the page is being left, so what the
  // button says is read in the same breath).
  const shown = await respondent.evaluate(async () => {
    const button = document.querySelector('#survey-form button[type="submit"]');
    button.click();
    button.click();
    await Promise.resolve();
    return [button.textContent, button.getAttribute('aria-disabled')];
  });
  expect(shown).toEqual(['Sending…', 'true']);
  await expect(respondent).toHaveURL(/\/thanks\?card=/, { timeout: 15_000 });
  expect(posts.length).toBe(1);
  await context.close();
});
