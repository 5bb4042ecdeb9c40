// Waits until the server answers its health check: `cargo leptos end-to-end` starts the tests
// while the server may still be opening its database.
module.exports = async (config) => {
  const base = config.projects[0].use.baseURL;
  const deadline = Date.now() + 120_000;
  let last;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Kindred did not become healthy at ${base}: ${last}`);
};
