// Starts an ExportOrg workflow through the Temporal UI's Start Workflow
// form in headless Chromium, waits until the UI shows it completed, and
// saves a screenshot of its page.
//
// Environment: UI_URL (the UI's base URL, such as http://127.0.0.1:8233),
// WORKFLOW_ID, TASK_QUEUE (default gcexport), ARTIFACTS (the folder of the
// screenshots, default ./artifacts) and TIMEOUT_MS (default 120000).
// Chromium is Debian's, at /usr/bin/chromium: playwright-core downloads
// no browser.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const uiURL = requireEnv('UI_URL').replace(/\/$/, '');
const workflowID = requireEnv('WORKFLOW_ID');
const taskQueue = process.env.TASK_QUEUE || 'gcexport';
const artifacts = path.resolve(process.env.ARTIFACTS || 'artifacts');
const timeout = Number(process.env.TIMEOUT_MS || 120000);
const namespace = process.env.NAMESPACE || 'default';

function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`missing environment variable ${name}`);
    process.exit(2);
  }
  return value;
}

// A fresh profile, so no state of an earlier run or of the user's own
// browser changes what the UI shows.
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gcexport-uitest-'));
fs.mkdirSync(artifacts, { recursive: true });

const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1400, height: 1000 },
});
context.setDefaultTimeout(timeout);

let failed = false;
const page = await context.newPage();
try {
  await page.goto(`${uiURL}/namespaces/${namespace}/workflows/start-workflow`);
  await page.getByTestId('workflowId').fill(workflowID);
  await page.getByTestId('taskQueue').fill(taskQueue);
  await page.getByTestId('workflowType').fill('ExportOrg');
  // The input is a CodeMirror editor, which takes keystrokes, not fill().
  const editor = page.locator('.cm-content').first();
  await editor.click();
  await page.keyboard.type('{}');
  await page.screenshot({ path: path.join(artifacts, 'start-workflow-form.png'), fullPage: true });

  await page.getByTestId('start-workflow-button').click();
  // The form stays open after the server accepted the start (UI v2.56), so
  // the script opens the execution's page itself, and opens it again while
  // the export runs until the page shows it completed.
  const deadline = Date.now() + timeout;
  const executionURL = `${uiURL}/namespaces/${namespace}/workflows/${encodeURIComponent(workflowID)}`;
  const completed = page.getByText('Completed', { exact: true }).first();
  for (;;) {
    await page.goto(executionURL);
    try {
      await completed.waitFor({ state: 'visible', timeout: 5000 });
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        throw new Error(`export ${workflowID} did not show as completed in ${timeout} ms`);
      }
    }
  }
  await page.screenshot({ path: path.join(artifacts, 'export-completed.png'), fullPage: true });
  console.log(JSON.stringify({ workflowId: workflowID, url: page.url(), status: 'Completed' }));
} catch (err) {
  failed = true;
  console.error(`UI test failed: ${err.message}`);
  await page.screenshot({ path: path.join(artifacts, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
