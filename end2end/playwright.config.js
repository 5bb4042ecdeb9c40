// Playwright drives Debian's Chromium (never a downloaded browser) against a running Kindred.
// `cargo leptos end-to-end` builds and starts the server, then runs this suite.
const { defineConfig } = require('@playwright/test');

module.exports = defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  // On CI a journey that fails is run once more and reported as "flaky" if it then passes, with
  // what the browser said the first time (see helpers.js), so a slow machine does not hide a
  // green suite and a real failure still fails twice.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  globalSetup: require.resolve('./global-setup.js'),
  use: {
    baseURL: process.env.KINDRED_E2E_URL || 'http://127.0.0.1:3000',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // Kindred runs on 127.0.0.1 here; the embed journey frames it from a page with no
        // address, which Chromium's local-network checks would block (a real website and a
        // public Kindred are both public).
        '--disable-features=LocalNetworkAccessChecks',
      ],
    },
  },
});
