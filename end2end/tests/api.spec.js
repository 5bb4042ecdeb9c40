// An owner creates an API token in settings, uses it against the JSON API, then revokes it.
const { test, expect, signUp, openSettings, openSurveys } = require('./helpers');

test('an API token made in settings works until it is revoked', async ({ page, request }) => {
  await signUp(page);
  await openSettings(page);
  await page.getByLabel('Token name').fill('Website form');
  await page.getByLabel('Token role').selectOption('editor');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = await page.getByLabel('New API token').inputValue();
  expect(secret).toMatch(/^kdr_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole('heading', { name: 'Active tokens' })).toBeVisible();

  const headers = { Authorization: `Bearer ${secret}` };
  const created = await request.post('/api/v1/surveys', { headers, data: { template: 'why-members-join' } });
  expect(created.status()).toBe(201);
  const survey = await created.json();
  expect(survey.status).toBe('draft');
  expect(survey.definition.questions[0].type).toBe('ranking');

  // The survey made through the API is in the list people see.
  await openSurveys(page);
  await expect(page.getByRole('link', { name: 'Why members join' })).toBeVisible();

  await openSettings(page);
  // Revoking asks first: the first button (a disclosure) only opens what it will do.
  await page.getByLabel('Revoke Website form').click();
  await expect(page.getByText('Programs using this token stop working at once.')).toBeVisible();
  await page.getByRole('button', { name: 'Yes, revoke' }).click();
  await expect(page.getByText('No API tokens.')).toBeVisible();
  const refused = await request.get('/api/v1/surveys', { headers });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe('unauthorized');
});
