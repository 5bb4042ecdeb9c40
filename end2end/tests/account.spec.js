// The account journey: sign up, log out, log in, invite a viewer, and the viewer's limits.
const {
  test, expect, hydrated, signUp, uniqueEmail, openLogIn, openSignUp, openSettings, openAccount, openSurveys, PASSWORD,
} = require('./helpers');

test('an owner signs up, logs out and in, and invites a viewer who cannot manage the organisation', async ({ page, browser }) => {
  const owner = await signUp(page);
  await expect(page.getByRole('heading', { name: 'Surveys', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No surveys yet' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText(owner.organisation);

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'Log in' }).first()).toBeVisible();
  // A bookmarked members' page asks to log in first, and comes back after.
  const afterLogout = await page.goto('/surveys');
  await expect(page).toHaveURL(/\/login\?next=%2Fsurveys$/);
  expect(afterLogout.ok()).toBeTruthy();

  await hydrated(page);
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/surveys$/);

  await openSettings(page);
  await page.getByLabel('Role', { exact: true }).selectOption('viewer');
  await page.getByRole('button', { name: 'Create invitation link' }).click();
  const linkField = page.getByLabel('Invitation link');
  await expect(linkField).toHaveValue(/\/invite\/[A-Za-z0-9_-]{43}$/);
  const invitation = await linkField.inputValue();
  await expect(page.getByRole('heading', { name: 'Waiting to be accepted' })).toBeVisible();

  // The teammate opens the link in a browser of their own.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await viewer.goto(invitation);
  await expect(viewer.getByRole('heading', { name: `Join ${owner.organisation}` })).toBeVisible();
  await expect(viewer.getByText('invited you as viewer')).toBeVisible();
  await hydrated(viewer);
  const viewerEmail = uniqueEmail('viewer');
  await viewer.getByLabel('Your name').fill('Vic Viewer');
  await viewer.getByLabel('Email').fill(viewerEmail);
  await viewer.getByLabel('Password').fill(PASSWORD);
  await viewer.getByRole('button', { name: 'Create account and join' }).click();
  await expect(viewer).toHaveURL(/\/surveys$/);
  await expect(viewer.getByText('viewer of')).toBeVisible();

  // A viewer sees no settings link, and the page itself — its address typed — refuses them.
  await expect(viewer.getByRole('link', { name: 'Settings' })).toHaveCount(0);
  const settings = await viewer.goto('/settings');
  expect(settings.status()).toBe(403);
  await expect(viewer.getByRole('heading', { name: 'Owners only' })).toBeVisible();
  await expect(viewer.getByRole('table')).toHaveCount(0);

  // Calling the server function directly is refused too, and changes nothing.
  const attempt = await viewer.evaluate(async () => {
    const response = await fetch('/api/change_member_role', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: 'user_id=1&role=viewer',
    });
    return { status: response.status, body: await response.text() };
  });
  expect(attempt.status).toBe(403);
  expect(attempt.body).toContain('Only owners');

  // The used link cannot be used again.
  const again = await (await browser.newContext()).newPage();
  await again.goto(invitation);
  await expect(again.getByRole('heading', { name: 'This invitation cannot be used' })).toBeVisible();
  await expect(again.getByText('already been used')).toBeVisible();

  // The owner sees the viewer in the member list, and is still the owner.
  await page.reload();
  await hydrated(page);
  const row = page.getByRole('row', { name: /Vic Viewer/ });
  await expect(row).toBeVisible();
  await expect(row.getByLabel('Role of Vic Viewer')).toHaveValue('viewer');
  await expect(page.getByRole('row', { name: /Ada Owner \(you\)/ }).getByLabel('Role of Ada Owner')).toHaveValue('owner');
  await viewerContext.close();
});

test('bad sign-up input is explained beside the field that caused it', async ({ page }) => {
  await openSignUp(page);
  await page.getByLabel('Organisation name').fill('Rivers Trust');
  await page.getByLabel('Your name').fill('Rio');
  await page.getByLabel('Email').fill('rio.example.org');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create organisation' }).click();
  const email = page.getByLabel('Email');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(/is not an email address/);

  await email.fill(uniqueEmail('rio'));
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription(/Use at least 10 characters \(this one has 5\)/);
  await expect(page).toHaveURL(/\/signup$/);
});

test('a duplicate email and a wrong password get clear messages', async ({ page, browser }) => {
  const owner = await signUp(page);
  const other = await (await browser.newContext()).newPage();
  await openSignUp(other);
  await other.getByLabel('Organisation name').fill('Second Org');
  await other.getByLabel('Your name').fill('Someone');
  await other.getByLabel('Email').fill(owner.email.toUpperCase());
  await other.getByLabel('Password').fill(PASSWORD);
  await other.getByRole('button', { name: 'Create organisation' }).click();
  await expect(other.getByLabel('Email')).toHaveAccessibleDescription(/already exists/);

  await other.getByRole('link', { name: 'Log in' }).first().click();
  await expect(other.getByRole('heading', { name: 'Log in', level: 1 })).toBeVisible();
  await hydrated(other);
  await other.getByLabel('Email').fill(owner.email);
  await other.getByLabel('Password').fill('not the password');
  await other.getByRole('button', { name: 'Log in' }).click();
  await expect(other.getByLabel('Password')).toHaveAccessibleDescription(/do not match an account/);
  await expect(other).toHaveURL(/\/login$/);
});

test('a tampered session cookie logs nobody in', async ({ page, context }) => {
  await signUp(page);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'kindred_session');
  expect(session.httpOnly).toBeTruthy();
  expect(session.sameSite).toBe('Lax');
  await context.addCookies([{ ...session, value: session.value.slice(0, -2) + 'xx' }]);
  await page.reload();
  await expect(page).toHaveURL(/\/login\?next=%2Fsurveys$/);
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
});

test('a password change keeps this session and ends the others', async ({ page, browser }) => {
  const owner = await signUp(page);
  const laptop = await (await browser.newContext()).newPage();
  await openLogIn(laptop);
  await laptop.getByLabel('Email').fill(owner.email);
  await laptop.getByLabel('Password').fill(owner.password);
  await laptop.getByRole('button', { name: 'Log in' }).click();
  await expect(laptop).toHaveURL(/\/surveys$/);

  await openAccount(page);
  await page.getByLabel('Current password').fill(owner.password);
  await page.getByLabel('New password').fill('an even longer passphrase');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Password changed.')).toBeVisible();

  await openSurveys(page);
  await laptop.reload();
  await expect(laptop).toHaveURL(/\/login/);
});
