// chromium.mjs — what the browser tests share (imported by dashboard.mjs
// and upload.mjs; tests/cli/test_serve_browser*.sh copy it beside them into
// BUILD/browser-node, where playwright-core is installed):
//   launch()        Debian's headless Chromium (/usr/bin/chromium) as a
//                   persistent context on a fresh profile ($USER_DATA_DIR,
//                   one per run), 1,400 x 1,000 windows, French locale, no
//                   sandbox, GPU, QUIC or background traffic
//   check(ok, what) counts a check; prints `FAIL: what` when ok is false
//   finish()        prints `N checks passed` or `F of N checks failed` and
//                   ends the process (status 1 on a failure)
import { chromium } from 'playwright-core';

let failures = 0;
let checks = 0;

export function check(ok, what) {
  checks++;
  if (!ok) {
    failures++;
    console.log(`FAIL: ${what}`);
  }
}

export function finish() {
  console.log(failures ? `${failures} of ${checks} checks failed` : `${checks} checks passed`);
  process.exit(failures ? 1 : 0);
}

// a fresh profile (--user-data-dir) per run: playwright takes it as the
// persistent context's directory
export function launch() {
  return chromium.launchPersistentContext(process.env.USER_DATA_DIR, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 1000 },
    locale: 'fr-FR',
  });
}
