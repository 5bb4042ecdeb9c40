// The dashboard: known answers in, the headline numbers and a chart's table out, a segment
// filter kept in the URL, and no accessibility violations.
const { test, expect, hydrated, publishedSurvey, expectNoViolations, openResults, openSurveys } = require('./helpers');

function answers(first, memberType, nps) {
  const others = ['identity', 'connections', 'community'].filter((r) => r !== first);
  const fit = Object.fromEntries(
    ['reflects_me', 'identify', 'personal_connection', 'shows_others', 'who_i_want_to_be', 'suits_me'].map((i) => [i, 6]),
  );
  return {
    version: 1,
    answers: { reasons: [first, ...others], brand_fit: fit, overlap: 5, nps, member_type: memberType, years: '1_2' },
  };
}

// Every chart is an image the server draws from the page's figures, at an address carrying the
// page's filter, and each one arrives.
async function expectChartsDrawn(page, filter) {
  const charts = page.locator('img.chart');
  await expect(charts.first()).toBeVisible();
  const count = await charts.count();
  expect(count).toBe(10);
  for (let i = 0; i < count; i += 1) {
    const chart = charts.nth(i);
    if (filter) expect(await chart.getAttribute('src')).toContain(filter);
    await expect.poll(() => chart.evaluate((img) => img.complete && img.naturalWidth)).toBe(720);
  }
}

test('a manager reads the dashboard of known answers and filters it by segment', async ({ page }) => {
  const { path, surveyUrl } = await publishedSurvey(page);
  const slug = path.split('/').pop();
  const submissions = [
    ...Array(4).fill(answers('identity', 'member', 10)),
    ...Array(2).fill(answers('connections', 'volunteer', 3)),
  ];
  for (const body of submissions) {
    const response = await page.request.post(`/api/v1/public/surveys/${slug}/responses`, { data: body });
    expect(response.status()).toBe(201);
  }

  // From the survey's page, by its "Results" link: the browser's own navigation, no reload.
  await page.evaluate(() => { window.stillHere = true; });
  await openResults(page);
  expect(await page.evaluate(() => window.stillHere)).toBe(true);
  // 4 promoters and 2 detractors of 6: NPS = 67% − 33% = +33.
  await expect(page.locator('[data-figure="responses"]')).toHaveText('6');
  await expect(page.locator('[data-figure="nps"]')).toHaveText('+33');
  await expect(page.locator('[data-figure="brand-fit"]')).toHaveText('6.00 / 7');
  const identity = page.locator('[data-table="ranking"] tr', { hasText: 'It shows who I am' });
  // Ranked first by 4 of 6 = 67%.
  await expect(identity.locator('td').first()).toContainText('67%');
  // Statement by statement: all 6 answered "reflects who I am", each at point 6 of 7, all agreeing.
  const statement = page.locator('[data-table="statements"]').first().locator('tr', { hasText: 'reflects' });
  await expect(statement.locator('td').first()).toHaveText('6');
  await expect(statement.locator('td').nth(6)).toHaveText('6 · 100%');
  await expect(statement.locator('td').nth(5)).toHaveText('0 · 0%');
  await expect(statement.locator('td').last()).toHaveText('100%');
  await expectChartsDrawn(page);
  await expectNoViolations(page);
  const [chart] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Chart as PNG' }).first().click(),
  ]);
  expect(chart.suggestedFilename()).toMatch(/ranking-reasons\.png$/);

  await page.getByLabel('Member type').selectOption({ label: 'Volunteer' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/segment=member_type%3Dvolunteer/);
  await expect(page.locator('[data-figure="responses"]')).toHaveText('2');
  await expect(page.locator('[data-figure="nps"]')).toHaveText('\u2212100');
  // The filter in force as a chip that removes it.
  const chips = page.getByRole('list', { name: 'Filters in force' }).getByRole('link');
  await expect(chips).toHaveCount(1);
  await expect(chips).toContainText('Member type: Volunteer');
  // The page says what it covers in words, as a printed report starts.
  await expect(page.locator('.report-scope')).toContainText('2 responses');
  await expect(page.locator('.report-scope')).toContainText('Filters: Member type: Volunteer.');
  await expectChartsDrawn(page, '?segment=member_type%3Dvolunteer');
  await page.reload();
  await expect(page.locator('[data-figure="responses"]')).toHaveText('2');

  // The CSV holds the filtered responses, one row each, rankings both ways.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Responses as CSV', exact: true }).click(),
  ]);
  const lines = require('fs').readFileSync(await download.path(), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  expect(lines.length).toBe(3);
  const at = (line, name) => lines[line].split(',')[header.indexOf(name)];
  expect(at(1, 'reasons.place1')).toBe('connections');
  expect(at(1, 'reasons.rank.connections')).toBe('1');
  expect(at(2, 'member_type')).toBe('volunteer');

  // A share link opened by someone without an account: read-only, and every count under 5 is
  // hidden (4 members ranked identity first; 2 volunteers). Back to the survey by its title.
  await page.locator('.page-header .eyebrow a').click();
  await expect(page).toHaveURL(surveyUrl);
  await hydrated(page);
  await page.getByText('Share results', { exact: true }).click();
  await page.getByRole('button', { name: 'Make a share link' }).click();
  const shareUrl = await page.getByLabel(/Share link, valid until/).inputValue();
  expect(shareUrl).toMatch(/\/r\/[A-Za-z0-9_-]{43}$/);
  const outsider = await page.context().browser().newContext();
  const board = await outsider.newPage();
  await board.goto(shareUrl);
  await expect(board.getByText('counts under 5 are hidden')).toBeVisible();
  await expect(board.locator('[data-figure="responses"]')).toHaveText('6');
  const shared = board.locator('[data-table="ranking"] tr', { hasText: 'It shows who I am' });
  await expect(shared.locator('td').nth(3)).toHaveText('under 5');
  await expect(board.getByRole('link', { name: 'Responses as CSV' })).toHaveCount(0);
  // No date range in a shared view: two ranges a day apart would isolate that day's responses.
  await expect(board.getByLabel('From')).toHaveCount(0);
  await expect(board.getByText('covers the whole survey period')).toBeVisible();
  await expectChartsDrawn(board);
  expect(await board.locator('img.chart').first().getAttribute('src')).toMatch(/^\/r\/[A-Za-z0-9_-]{43}\/charts\//);
  await expectNoViolations(board);
  await outsider.close();
});

test('the findings state what the answers support and lead to the chart they come from', async ({ page }) => {
  const { path } = await publishedSurvey(page);
  const slug = path.split('/').pop();
  // 30 members put identity first and 6 volunteers connections: identity leads, clearly.
  const said = (text) => {
    const body = answers('connections', 'volunteer', 6);
    body.answers.says_about_you = text;
    return body;
  };
  const submissions = [
    ...Array(30).fill(answers('identity', 'member', 9)),
    ...Array(4).fill(said('That I found my people.')),
    ...Array(2).fill(said('That green space matters to me.')),
  ];
  for (const body of submissions) {
    const response = await page.request.post(`/api/v1/public/surveys/${slug}/responses`, { data: body });
    expect(response.status()).toBe(201);
  }
  await openResults(page);
  const findings = page.getByRole('region', { name: 'What your members told you' });
  await expect(findings).toBeVisible();
  const lead = findings.getByRole('listitem').filter({ hasText: 'Identity is the reason members most often rank first.' });
  // 30 of 36 = 83%.
  await expect(lead).toContainText('83% (95% CI');
  await expect(lead).toContainText('n = 36');
  // Six volunteers are too few to set against the members.
  await expect(findings).toContainText('are too small to compare yet');
  await expectNoViolations(page);
  // Links that lead to different places never share a name.
  const places = new Map();
  for (const link of await findings.getByRole('link').all()) {
    const [name, href] = [await link.textContent(), await link.getAttribute('href')];
    expect(places.get(name) ?? href, name).toBe(href);
    places.set(name, href);
  }
  await lead.getByRole('link', { name: 'See the ranking' }).click();
  await expect(page).toHaveURL(/#ranking-reasons$/);
  await expect(page.locator('#ranking-reasons')).toBeInViewport();

  // Open answers: the question once, then its answers; a search says how many match, or none.
  const open = page.locator('#open-answers');
  await expect(open.locator('h3')).toHaveCount(1);
  await expect(open.locator('h3')).toContainText('What does being part of');
  await expect(open.locator('blockquote')).toHaveCount(6);
  await open.getByLabel('Search the answers').fill('green');
  await expect(open.getByRole('status')).toHaveText('2 of 6 answers match “green”.');
  await expect(open.locator('blockquote')).toHaveCount(2);
  await open.getByLabel('Search the answers').fill('volcano');
  await expect(open.getByRole('status')).toHaveText('No answers match “volcano”.');
  await expect(open.locator('blockquote')).toHaveCount(0);

  // A filter nobody matches: one empty state that says what to do, not a page of empty charts.
  await page.getByLabel('Member type').selectOption({ label: 'Staff' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/segment=member_type%3Dstaff/);
  await expect(page.getByRole('heading', { name: 'No responses match these filters' })).toBeVisible();
  await expect(page.locator('img.chart')).toHaveCount(0);
  await expect(findings).toHaveCount(0);
  await expectNoViolations(page);
  await page.getByRole('link', { name: 'Clear all filters' }).click();
  await expect(page).toHaveURL(/\/results$/);
  await expect(page.locator('[data-figure="responses"]')).toHaveText('36');
});

test('results before the first response say so and lead to the share link', async ({ page }) => {
  await publishedSurvey(page);
  await openResults(page);
  await expect(page.getByRole('heading', { name: 'No responses yet' })).toBeVisible();
  await expect(page.locator('img.chart')).toHaveCount(0);
  await expectNoViolations(page);
  await page.getByRole('link', { name: 'Share the survey' }).click();
  await expect(page).toHaveURL(/\/surveys\/\d+#share$/);
  await expect(page.getByLabel('Public link')).toBeVisible();
});

test('the surveys list counts responses, dates the last and opens each survey\'s results', async ({ page }) => {
  const { path } = await publishedSurvey(page);
  const slug = path.split('/').pop();
  for (const body of Array(3).fill(answers('identity', 'member', 9))) {
    const response = await page.request.post(`/api/v1/public/surveys/${slug}/responses`, { data: body });
    expect(response.status()).toBe(201);
  }
  await openSurveys(page);
  const results = page.getByRole('link', { name: /^Results of / });
  await expect(results).toHaveCount(1);
  const row = page.getByRole('row').filter({ has: results });
  const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  await expect(row.getByRole('cell').nth(1)).toHaveText('3');
  await expect(row.getByRole('cell').nth(2)).toHaveText(today);
  await expect(row.getByRole('rowheader')).toContainText(/\d+ questions/);
  await results.click();
  await expect(page).toHaveURL(/\/surveys\/\d+\/results$/);
  await expect(page.getByRole('heading', { name: 'Results', level: 1 })).toBeVisible();
  await hydrated(page);
  await expect(page.locator('[data-figure="responses"]')).toHaveText('3');
  await expectNoViolations(page);
});

test('a reversed date range is explained beside the dates, and the filter stays', async ({ page }) => {
  await publishedSurvey(page);
  await openResults(page);
  await page.getByLabel('From').fill('2026-03-11');
  await page.getByLabel('Until').fill('2026-03-10');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/from=2026-03-11&to=2026-03-10/);
  const until = page.getByLabel('Until');
  await expect(until).toHaveAccessibleDescription(/“Until” comes before “From”/);
  await expect(until).toHaveValue('2026-03-10');
  await expect(page.getByRole('button', { name: 'Apply filters' })).toBeVisible();
  await expect(page.getByText('closing day')).toHaveCount(0);
  // Put right, the results come back.
  await until.fill('2026-03-12');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/to=2026-03-12/);
  await expect(page.getByRole('heading', { name: 'No responses match these filters' })).toBeVisible();
});

test('moving between a survey and its results in the browser keeps working', async ({ page }) => {
  await publishedSurvey(page);
  for (let round = 0; round < 2; round += 1) {
    await openResults(page);
    await page.locator('.page-header .eyebrow a').click();
    await expect(page.getByText('Published — version 1')).toBeVisible();
  }
});
