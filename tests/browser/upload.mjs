// upload.mjs — a campaign sent through the dashboard in Debian's headless
// Chromium (playwright-core): logs in, fills /upload with the three files
// (playwright's setInputFiles sets a file input's files through the
// DevTools protocol, which headless Chromium accepts: no file chooser is
// opened), sends the form — the page's script sends it by XMLHttpRequest
// and shows the progress — and waits for the result page. Run by
// tests/cli/test_serve_browser_upload.sh. Environment:
//   SERVE_URL      http://127.0.0.1:PORT of the running server
//   ACCOUNT, PASSWORD   the ars account to log in as
//   IMG_DIR        equipment.csv, sessions.csv, exams.csv of the campaign
//   BAD_EXAMS      an exams file with 3 bad rows
//   SHOT_DIR       where the screenshots go (1,400 x 1,000 windows)
// Checks: the result page says the campaign stored with its counts, its
// link opens the campaign's imaging page and a machine's sheet; the
// form was sent by XMLHttpRequest with its progress ending at 100 %; with
// the bad exams and the box ticked, the 3 rows are listed and the rejects
// file is linked; nothing fetched from elsewhere, no script error.
import { check, finish, launch } from './chromium.mjs';
import { join } from 'node:path';

const base = process.env.SERVE_URL;
const img = process.env.IMG_DIR;
const shotDir = process.env.SHOT_DIR;

const context = await launch();
try {
  const page = await context.newPage();
  page.setDefaultTimeout(60000);
  const foreign = [];
  const posts = [];
  page.on('request', (req) => {
    if (!req.url().startsWith(base)) foreign.push(req.url());
    if (req.method() === 'POST' && req.url() === `${base}/upload`) posts.push(req.resourceType());
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // the login, then back to /upload
  await page.goto(`${base}/upload`);
  check(page.url().startsWith(`${base}/login`), `/upload without a session: at ${page.url()}`);
  await page.fill('input[name=name]', process.env.ACCOUNT);
  await page.fill('input[name=password]', process.env.PASSWORD);
  await Promise.all([page.waitForURL(`${base}/upload`), page.click('form button')]);

  // sends the form; the progress texts shown are kept in window.progress
  const send = async (name, exams, keep, shot) => {
    await page.goto(`${base}/upload`);
    await page.fill('input[name=campaign]', name);
    await page.setInputFiles('input[name=equipment]', join(img, 'equipment.csv'));
    await page.setInputFiles('input[name=sessions]', join(img, 'sessions.csv'));
    await page.setInputFiles('input[name=exams]', exams);
    if (keep) await page.check('input[name=rejects]');
    await page.screenshot({ path: join(shotDir, `${shot}-form.png`) });
    await page.evaluate(() => {
      window.progress = [];
      const span = document.querySelector('#upload-progress span');
      new MutationObserver(() => window.progress.push(span.textContent))
        .observe(span, { childList: true, characterData: true, subtree: true });
    });
    await page.click('#upload-form button');
    await page.waitForSelector('main p.done, main p.error');
    await page.screenshot({ path: join(shotDir, `${shot}.png`) });
    await page.screenshot({ path: join(shotDir, `${shot}-full.png`), fullPage: true });
    return page.evaluate(() => window.progress);
  };

  const progress = await send('demo', join(img, 'exams.csv'), false, 'upload');
  const done = await page.textContent('main p.done');
  check(done === 'Campagne demo enregistrée : 30 équipements, 1742 vacations, 16947 examens.',
    `the result page: '${done}'`);
  check(page.url() === `${base}/upload`, `after the upload: at ${page.url()}`);
  check(posts.length === 1 && posts[0] === 'xhr', `the form sent as ${posts.join(',')}, not by XMLHttpRequest`);
  const sent = progress.filter((t) => / envoyés sur .*\(\d+\u00a0%\)$/.test(t));
  check(sent.length > 0 && sent[sent.length - 1].endsWith('(100\u00a0%)'),
    `the progress shown: ${JSON.stringify(progress.slice(-3))}`);
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  check(w <= 1400, `the result page is ${w} pixels wide`);

  // the campaign on the imaging pages at once, from the result page's link
  await Promise.all([page.waitForURL(`${base}/imaging?campaign=demo`),
    page.click('a:has-text("synthèse et fiches des équipements")')]);
  check(await page.textContent('h1') === 'Imagerie : campagne demo', `the campaign's page: ${await page.textContent('h1')}`);
  check(await page.locator('#machines tbody tr').count() === 30, 'the campaign\'s page: not 30 machines listed');
  const cw = await page.evaluate(() => document.documentElement.scrollWidth);
  check(cw <= 1400, `the campaign's page is ${cw} pixels wide`);
  await page.screenshot({ path: join(shotDir, 'upload-campagne.png') });
  await Promise.all([page.waitForURL(/\/imaging\/machine\/M\d+\?campaign=demo$/),
    page.click('#machines tbody tr:first-child td:first-child a')]);
  check((await page.textContent('h1')).startsWith('Fiche équipement M'), 'the sheet of a machine of the campaign');
  await page.screenshot({ path: join(shotDir, 'upload-fiche.png') });

  await send('bad', process.env.BAD_EXAMS, true, 'upload-rejets');
  const rows = await page.$$eval('ul.rejects li', (li) => li.map((x) => x.textContent));
  check(rows.length === 3 && rows.every((r) => r.startsWith('examens.csv:')),
    `the rejects listed: ${JSON.stringify(rows)}`);
  const link = await page.textContent('p.rejects-file a');
  check(link === 'rejets.examens.csv', `the rejects file's link: '${link}'`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('p.rejects-file a')]);
  check(download.suggestedFilename() === 'rejets.examens.csv', `downloaded as ${download.suggestedFilename()}`);
  await download.saveAs(join(shotDir, 'rejets.examens.csv'));

  check(foreign.length === 0, `requests to another origin: ${foreign.join(' ')}`);
  check(errors.length === 0, `script errors: ${errors.join(' ')}`);
} finally {
  await context.close();
}
finish();
