// The builder journey: create from the template, edit, reorder, preview, publish, republish.
const { test, expect, hydrated, signUp } = require('./helpers');

test('a marketer builds the template survey, previews it and publishes two versions', async ({ page }) => {
  const owner = await signUp(page, { organisation: `Friends of the Park ${Date.now()}` });
  await hydrated(page);
  await page.getByRole('button', { name: 'New from “Why members join”' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await expect(page.getByRole('heading', { name: 'Why members join', level: 1 })).toBeVisible();
  await expect(page.getByText('Draft — not yet published')).toBeVisible();
  await hydrated(page);

  const first = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Question 1/ }) });
  await expect(first.getByLabel('Question text')).toHaveValue(new RegExp(owner.organisation));
  await first.getByLabel('Question text').fill('Why are you part of the park? Put these in order.');
  await first.getByRole('button', { name: 'Move item 3 up' }).click();
  await expect(first.getByLabel('Item 2 text')).toHaveValue('It makes me part of something bigger than myself');
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible({ timeout: 10_000 });

  // The preview shows exactly the edited question, in the new order.
  await page.getByRole('button', { name: 'Preview' }).click();
  const question = page.getByRole('group', { name: /Why are you part of the park\?/ });
  await expect(question).toBeVisible();
  const labels = await question.locator('.ranking-item label').allTextContents();
  expect(labels).toEqual([
    'It shows who I am and what I stand for',
    'It makes me part of something bigger than myself',
    'It connects me with people I want to know',
  ]);
  await expect(page.getByRole('radio', { name: /Almost one circle/ })).toBeVisible();

  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByText('Published — version 1')).toBeVisible();
  const link = await page.getByLabel('Public link').inputValue();
  expect(link).toMatch(/\/s\/[A-Za-z0-9_-]{16}$/);

  // The QR code shows on the page and downloads as SVG and PNG.
  await expect(page.getByRole('img', { name: 'QR code that opens the public link' })).toBeVisible();
  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download QR code (SVG)' }).click(),
  ]);
  expect(svgDownload.suggestedFilename()).toBe('survey-qr-code.svg');
  const svg = require('fs').readFileSync(await svgDownload.path(), 'utf8');
  expect(svg).toContain('<svg');
  const png = await page.request.get(new URL(link).pathname + '/qr.png');
  expect(png.headers()['content-type']).toBe('image/png');
  expect((await png.body()).subarray(1, 4).toString()).toBe('PNG');

  // The public link opens the survey as respondents see it, with the edited question in its order.
  const respondent = await page.context().newPage();
  await respondent.goto(link);
  await expect(respondent.getByRole('heading', { name: 'Why members join', level: 1 })).toBeVisible();
  const asked = respondent.getByRole('group', { name: /Why are you part of the park\?/ });
  expect(await asked.locator('.ranking-item label').allTextContents()).toEqual(labels);
  await respondent.close();

  // Editing the published survey and publishing again makes version 2; a reload keeps everything.
  await page.getByRole('button', { name: 'Edit' }).click();
  // The title is not versioned (it changes at once); a question is.
  await page.getByLabel('Survey title').fill('Why members join — spring');
  const nps = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Question 5/ }) });
  await nps.getByLabel('Question text').fill('Would you recommend the park to a friend?');
  await expect(page.getByRole('status').filter({ hasText: 'Unsaved changes' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByText('the draft has unpublished changes')).toBeVisible();
  await page.getByRole('button', { name: 'Publish changes as version 2' }).click();
  await expect(page.getByText('Published — version 2')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Why members join — spring', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Question text').first()).toHaveValue('Why are you part of the park? Put these in order.');

  await page.getByRole('link', { name: 'Surveys', exact: true }).first().click();
  await expect(page.getByRole('row', { name: /Why members join — spring/ })).toContainText('Published (v2)');
});

test('a question the survey cannot publish with is explained on that question', async ({ page }) => {
  await signUp(page);
  await hydrated(page);
  await page.getByRole('button', { name: 'New from “Why members join”' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await hydrated(page);
  const first = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Question 1/ }) });
  await first.getByRole('button', { name: 'Remove item 3' }).click();
  await first.getByRole('button', { name: 'Remove item 2' }).click();
  await expect(first.getByRole('alert')).toContainText('needs 2 to 10 items to rank (it has 1)', { timeout: 10_000 });
  await expect(page.getByText('Unsaved changes')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeDisabled();
});

test('a survey is scheduled to accept answers between two days', async ({ page }) => {
  await signUp(page);
  await hydrated(page);
  await page.getByRole('button', { name: 'New from “Why members join”' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await hydrated(page);
  await page.getByText('Schedule', { exact: true }).click();
  await page.getByLabel('Accept answers from').fill('2026-12-31');
  await page.getByLabel('Accept answers until').fill('2026-12-01');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText('The closing day must not come before the opening day.')).toBeVisible();
  await page.getByLabel('Accept answers from').fill('2026-12-01');
  await page.getByLabel('Accept answers until').fill('2026-12-31');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByText('answers from 1 Dec 2026 until 31 Dec 2026')).toBeVisible();
  await page.reload();
  await expect(page.getByText('answers from 1 Dec 2026 until 31 Dec 2026')).toBeVisible();
});

test('an edit made just before leaving for another page is saved first', async ({ page }) => {
  await signUp(page);
  await hydrated(page);
  await page.getByRole('button', { name: 'New from “Why members join”' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await hydrated(page);
  const first = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Question 1/ }) });
  await first.getByLabel('Question text').fill('Typed a moment before leaving');
  // Within the autosave delay, the header's link to the surveys list.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Surveys', exact: true }).click();
  await expect(page).toHaveURL(/\/surveys$/);
  await page.getByRole('link', { name: 'Why members join', exact: true }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await hydrated(page);
  await expect(page.getByLabel('Question text').first()).toHaveValue('Typed a moment before leaving');
});

test('a survey that cannot be saved as it is asks before it is left', async ({ page }) => {
  await signUp(page);
  await hydrated(page);
  await page.getByRole('button', { name: 'New from “Why members join”' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await hydrated(page);
  await page.getByLabel('Survey title').fill('');
  // The question is answered "stay" as soon as it is asked (a modal dialog holds the page).
  const asked = [];
  page.once('dialog', async (dialog) => {
    asked.push(dialog.message());
    await dialog.dismiss();
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Surveys', exact: true }).click();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toContain('could not be saved');
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await expect(page.getByText('Give the survey a title.')).toBeVisible();
});

test('logging out straight after an edit saves the edit first', async ({ page }) => {
  const owner = await signUp(page);
  await hydrated(page);
  await page.getByRole('button', { name: 'New from “Why members join”' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await hydrated(page);
  await page.getByLabel('Survey title').fill('Typed just before logging out');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole('main').getByRole('link', { name: 'Log in' }).click();
  await hydrated(page);
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/surveys$/);
  await expect(page.getByRole('link', { name: 'Typed just before logging out' })).toBeVisible();
});

test('a new question starts empty, cannot be published unwritten, and a removal can be undone', async ({ page }) => {
  await signUp(page);
  await hydrated(page);
  await page.getByRole('button', { name: 'New blank survey' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await hydrated(page);
  await page.getByLabel('Add a question').selectOption({ label: 'Single choice' });
  await page.getByRole('button', { name: 'Add question' }).click();
  await page.getByLabel('Add a question').selectOption({ label: 'Recommendation (0–10)' });
  await page.getByRole('button', { name: 'Add question' }).click();

  // Placeholders, not text that could be published by mistake.
  const first = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Question 1/ }) });
  await expect(first.getByLabel('Question text')).toHaveValue('');
  await expect(first.getByLabel('Question text')).toHaveAttribute('placeholder', /e\.g\./);
  await expect(first.getByLabel('Choice 1 text')).toHaveValue('');
  await expect(first.getByLabel('Choice 1 text')).toHaveAttribute('placeholder', 'Choice 1');
  // Moving is offered only where there is somewhere to move to.
  await expect(first.getByRole('button', { name: 'Move question 1 up' })).toBeDisabled();
  await expect(first.getByRole('button', { name: 'Move choice 1 up' })).toBeDisabled();
  await expect(first.getByRole('button', { name: 'Move choice 2 down' })).toBeDisabled();
  const second = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Question 2/ }) });
  await expect(second.getByRole('button', { name: 'Move question 2 down' })).toBeDisabled();
  await expect(second.getByRole('button', { name: 'Move question 2 up' })).toBeEnabled();

  // The draft saves; publishing names what is still unwritten.
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(first.getByRole('alert')).toContainText('Question 1: write the question text.');
  await expect(first.getByRole('alert')).toContainText('item 1 has no text');
  await expect(page.getByText('Draft — not yet published')).toBeVisible();

  // Removing a question says so and offers Undo, which has the keyboard focus …
  await second.getByLabel('Question text').fill('Would you recommend us?');
  await second.getByRole('button', { name: 'Remove question 2' }).click();
  await expect(page.getByRole('heading', { name: /Question 2/ })).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Question 2 (“Would you recommend us?”) removed.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo' })).toBeFocused();
  // … and puts it back where it was, text and all, focus on its text.
  await page.keyboard.press('Enter');
  const restored = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Question 2/ }) });
  await expect(restored.getByLabel('Question text')).toHaveValue('Would you recommend us?');
  await expect(restored.getByLabel('Question text')).toBeFocused();
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveCount(0);

  // Written in full, it publishes.
  await first.getByLabel('Question text').fill('How do you take part?');
  await first.getByLabel('Short name').fill('Role');
  await first.getByLabel('Choice 1 text').fill('Member');
  await first.getByLabel('Choice 2 text').fill('Volunteer');
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByText('Published — version 1')).toBeVisible();

  // Closing a live survey asks first, then leaves focus on the button that reopens it.
  await page.locator('summary', { hasText: 'Close survey' }).click();
  await expect(page.getByText('Respondents can no longer answer until you reopen it.')).toBeVisible();
  await page.getByRole('button', { name: 'Yes, close it' }).click();
  await expect(page.getByRole('button', { name: 'Reopen' })).toBeFocused();
});

test('the brand-fit scale is chosen in the builder, and the results follow the choice', async ({ page }) => {
  await signUp(page);
  await hydrated(page);
  await page.getByRole('button', { name: 'New from “Why members join”' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  await hydrated(page);
  const fit = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Question 2/ }) });
  const expression = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Question 4/ }) });
  await expect(fit.getByLabel('This scale measures brand fit')).toBeChecked();
  await expect(expression.getByLabel('This scale measures brand fit')).not.toBeChecked();
  // One scale at a time: choosing another moves the mark.
  await expression.getByLabel('This scale measures brand fit').check();
  await expect(fit.getByLabel('This scale measures brand fit')).not.toBeChecked();
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByText('Published — version 1')).toBeVisible();
  const link = await page.getByLabel('Public link').inputValue();
  const slug = new URL(link).pathname.split('/').pop();
  // Two members, each scoring the first scale 2 and the chosen one 6.
  for (let i = 0; i < 2; i += 1) {
    const response = await page.request.post(`/api/v1/public/surveys/${slug}/responses`, {
      data: {
        version: 1,
        answers: {
          reasons: ['identity', 'connections', 'community'],
          brand_fit: { reflects_me: 2, identify: 2, personal_connection: 2, shows_others: 2, who_i_want_to_be: 2, suits_me: 2 },
          expression: { say_love: 6, share_posts: 6, wear_display: 6 },
          overlap: 5, nps: 9, member_type: 'member', years: '1_2',
        },
      },
    });
    expect(response.status()).toBe(201);
  }
  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Results', level: 1 })).toBeVisible();
  // The headline is the chosen scale's: identity expression 6, not the first scale's 2.
  await expect(page.locator('.headline-card', { has: page.locator('[data-figure="brand-fit"]') })).toContainText('Identity expression');
  await expect(page.locator('[data-figure="brand-fit"]')).toHaveText('6.00 / 7');
});

test('before the page has loaded its code, its buttons take no clicks that would be lost', async ({ page }) => {
  await signUp(page);
  await hydrated(page);
  await page.getByRole('button', { name: 'New from “Why members join”' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+$/);
  const survey = page.url();
  // The same page loaded afresh with its WebAssembly held back: it never hydrates.
  await page.route('**/*.wasm', () => {});
  await page.goto(survey);
  const publish = page.getByRole('button', { name: 'Publish', exact: true });
  await expect(publish).toBeVisible();
  expect(await publish.evaluate((b) => getComputedStyle(b).pointerEvents)).toBe('none');
  expect(await page.evaluate(() => document.documentElement.dataset.hydrated)).toBeUndefined();
  await page.unroute('**/*.wasm');
  await page.reload();
  await hydrated(page);
  expect(await publish.evaluate((b) => getComputedStyle(b).pointerEvents)).toBe('auto');
});
