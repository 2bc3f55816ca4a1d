// dashboard.mjs — end-to-end test of `eml serve` in Debian's headless
// Chromium (playwright-core, executablePath /usr/bin/chromium). Run by
// tests/cli/test_serve_browser.sh, which starts the server on the demo data
// and writes the command line's JSON next to it. Environment:
//   SERVE_URL   http://127.0.0.1:PORT of the running server
//   CLI_DIR     the CLI's outputs: bilan.json (eml bilan --format json),
//               imaging.json (eml imaging compute), machine.json (eml imaging
//               machine TOP), rt.json (rt report + rt check tables),
//               machines.csv (--machines-csv), top.txt (the machine with most
//               exams, the first after sorting "Examens" descending)
//   SHOT_DIR    where the screenshots go
// Every number shown in a page's table is checked against the CLI's JSON
// value: integers exactly, reals within half a unit of the last decimal
// shown (percentages as value × 100), pairs "66 (5)" as value and
// interventional, texts equal. Then: the machine list filters and sorts,
// its link opens the machine's sheet, and nothing is fetched from another
// origin and no script error happens. The balance page's map: there, inline,
// its territories coloured as bilan.json's gaps say, the link to another
// modality's map.
import { check, finish, launch } from './chromium.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.SERVE_URL;
const cliDir = process.env.CLI_DIR;
const shotDir = process.env.SHOT_DIR;
const readJson = (name) => JSON.parse(readFileSync(join(cliDir, name), 'utf8'));

// The number a cell shows: "1 234,5 %" -> {v: 1234.5, decimals: 1, percent: true}
function parseShown(text) {
  const t = text.replace(/[\s\u00a0\u202f]/g, '');
  const percent = t.endsWith('%');
  const num = percent ? t.slice(0, -1) : t;
  if (!/^[+-]?\d+(,\d+)?$/.test(num)) return null;
  const decimals = num.includes(',') ? num.split(',')[1].length : 0;
  return { v: parseFloat(num.replace(',', '.')), decimals, percent };
}

// Compares one shown cell with its JSON value; returns a message or null.
function cellDiffers(shown, value) {
  if (value === null) return shown === '' ? null : `'${shown}' where the CLI has nothing`;
  if (typeof value === 'string') return shown === value ? null : `'${shown}' != '${value}'`;
  if (typeof value === 'object') { // a pair
    const m = shown.replace(/[\s\u00a0\u202f]+/g, ' ').match(/^([+-]?\d+)(?: \(([+-]?\d+)\))?$/);
    if (!m) return `'${shown}' is not a pair`;
    if (Number(m[1]) !== value.value) return `'${shown}' != ${value.value}`;
    const inter = m[2] === undefined ? undefined : Number(m[2]);
    return inter === value.interventional ? null : `'${shown}' interventional != ${value.interventional}`;
  }
  const p = parseShown(shown);
  if (!p) return `'${shown}' is not a number (CLI ${value})`;
  const expected = p.percent ? value * 100 : value;
  const tolerance = 0.5 * 10 ** -p.decimals + 1e-9 * Math.max(1, Math.abs(expected));
  return Math.abs(p.v - expected) <= tolerance ? null : `'${shown}' != ${value}`;
}

// The tables of the page (the renderer's markup): caption, rows of cell texts.
async function pageTables(page, selector) {
  return page.$$eval(selector, (tables) => tables.map((t) => ({
    caption: t.caption ? t.caption.textContent : '',
    rows: Array.from(t.tBodies[0].rows).map((r) => Array.from(r.cells).map((c) => c.textContent)),
  })));
}

function compareTables(where, shown, cli) {
  check(shown.length === cli.tables.length,
    `${where}: ${shown.length} tables shown, the CLI has ${cli.tables.length}`);
  let cells = 0;
  cli.tables.forEach((table, i) => {
    const s = shown[i];
    if (!s) return;
    check(s.caption.startsWith(table.title), `${where}: table ${i} caption '${s.caption}' != '${table.title}'`);
    check(s.rows.length === table.rows.length,
      `${where}: ${table.title}: ${s.rows.length} rows shown, the CLI has ${table.rows.length}`);
    // the JSON renderer makes repeated keys unique with _2, _3: same order as columns
    table.rows.forEach((row, r) => {
      const values = Object.values(row);
      values.forEach((value, c) => {
        const text = s.rows[r] ? s.rows[r][c] : undefined;
        const diff = text === undefined ? 'missing' : cellDiffers(text, value);
        cells++;
        if (diff) check(false, `${where}: ${table.title}, row ${r + 1}, colonne ${table.columns[c].key} : ${diff}`);
      });
    });
  });
  check(cells > 0, `${where}: no cell compared`);
  console.log(`${where}: ${cli.tables.length} tables, ${cells} cells equal to the CLI's JSON`);
}

const context = await launch();
try {
  const page = await context.newPage();
  // a loaded machine (ctest -j with other jobs) can take well over 10 s to
  // lay out the imaging page's 3 MB of inline SVG charts: a generous bound,
  // the test is about what the pages show, not how fast
  page.setDefaultTimeout(60000);
  const foreign = [];
  page.on('request', (req) => { if (!req.url().startsWith(base)) foreign.push(req.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // the page fits the 1,400-pixel window (a wide table scrolls inside its
  // own box), every table's header is sticky, and the window's view is
  // kept as NAME-1400.png (1,400 x 1,000) beside the full page NAME.png
  const fits = async (where, name) => {
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    check(w <= 1400, `${where}: the page is ${w} pixels wide, more than the 1,400-pixel window`);
    const cut = await page.$$eval('main table', (ts) => ts.filter((t) => t.getBoundingClientRect().right > 1400).length);
    check(cut === 0, `${where}: ${cut} tables go past the window's right edge`);
    const loose = await page.$$eval('main table thead', (hs) => hs.filter((h) => getComputedStyle(h).position !== 'sticky').length);
    check(loose === 0, `${where}: ${loose} table headers are not sticky`);
    await page.screenshot({ path: join(shotDir, `${name}-1400.png`) });
    await page.screenshot({ path: join(shotDir, `${name}.png`), fullPage: true });
  };

  // balance
  let resp = await page.goto(`${base}/bilan?period=SROS3-PRS&at=2017-10-01`);
  check(resp.status() === 200, `/bilan: HTTP ${resp.status()}`);
  compareTables('/bilan', await pageTables(page, 'main table'), readJson('bilan.json'));
  // the date of the form JJ/MM/AAAA, whatever the browser's locale
  check(await page.inputValue('input[name=at]') === '01/10/2017', '/bilan: the form\'s date is not 01/10/2017');
  check(await page.locator('p.downloads a').count() === 4, '/bilan: not 4 download links');
  await fits('/bilan', 'bilan');

  // the map of the balance (docs/charts.md), inline SVG served with the page:
  // CT first; each territory's path (even-odd fill) coloured by its gap, so
  // the territories whose gap is -M, M the largest |gap| of the CT table of
  // bilan.json, are the blue end #2166AC of the scale
  const ct = readJson('bilan.json').tables[0];
  const gaps = ct.rows.filter((r) => r.devices_gap).map((r) => r.devices_gap.value);
  const most = Math.max(1, ...gaps.map(Math.abs));
  const blueWanted = gaps.filter((g) => g === -most).length;
  check(await page.getAttribute('section#carte', 'data-modality') === 'CT', '/bilan: no map of CT');
  const mapBox = await page.locator('section#carte svg').boundingBox();
  check(mapBox && mapBox.width > 400 && mapBox.height > 250, `/bilan: map of ${JSON.stringify(mapBox)}`);
  const areaFills = async () => page.$$eval('section#carte svg path', (ps) => ps
    .map((p) => getComputedStyle(p)).filter((st) => st.fillRule === 'evenodd').map((st) => st.fill));
  const blue = (await areaFills()).filter((f) => f === 'rgb(33, 102, 172)').length;
  check(blueWanted > 0 && blue === blueWanted, `/bilan: ${blue} territories at the blue end, expected ${blueWanted}`);
  await page.locator('section#carte').screenshot({ path: join(shotDir, 'bilan-carte.png') });
  await page.click('p.carte a:has-text("IRM")');
  await page.waitForLoadState();
  check(await page.getAttribute('section#carte', 'data-modality') === 'MRI', '/bilan: the IRM link does not show the map of MRI');
  check((await areaFills()).length >= 8, '/bilan: the map of MRI has fewer than 8 territories and neighbours');

  // imaging: the machine list, then the national summary
  resp = await page.goto(`${base}/imaging`);
  check(resp.status() === 200, `/imaging: HTTP ${resp.status()}`);
  compareTables('/imaging', await pageTables(page, 'main table:not(#machines)'), readJson('imaging.json'));
  const machines = readFileSync(join(cliDir, 'machines.csv'), 'utf8').trim().split('\n');
  const header = machines[0].split(',');
  const ids = machines.slice(1).map((l) => l.split(','));
  const idCol = header.indexOf('equipment_id');
  const modCol = header.indexOf('modality');
  const rowsShown = async () => page.$$eval('#machines tbody tr:not([hidden])', (r) => r.length);
  check(await rowsShown() === ids.length, `/imaging: ${await rowsShown()} machines listed, the CSV has ${ids.length}`);
  const listed = await page.$$eval('#machines tbody tr td:first-child', (c) => c.map((x) => x.textContent));
  check(JSON.stringify(listed) === JSON.stringify(ids.map((r) => r[idCol])), '/imaging: machine ids differ from the CSV');
  const mri = ids.filter((r) => r[modCol] === 'MRI').length;
  await page.selectOption('#modality', 'MRI');
  check(await rowsShown() === mri, `/imaging: modality MRI shows ${await rowsShown()} rows, expected ${mri}`);
  check(await page.textContent('#shown') === String(mri), '/imaging: the count shown follows the filter');
  await page.selectOption('#modality', '');
  const one = ids[1][idCol];
  await page.fill('#filter', one);
  check(await rowsShown() === 1, `/imaging: filter '${one}' shows ${await rowsShown()} rows, expected 1`);
  await page.fill('#filter', '');
  check(await rowsShown() === ids.length, '/imaging: the empty filter shows every machine');
  // sort by exams: ascending, then descending
  const examsHeader = page.locator('#machines thead th', { hasText: /^Examens$/ });
  const examsCol = await page.$$eval('#machines thead th', (th) => th.findIndex((h) => h.textContent === 'Examens'));
  const examsShown = async () => page.$$eval(`#machines tbody tr td:nth-child(${examsCol + 1})`,
    (c) => c.map((x) => Number(x.getAttribute('data-v'))));
  await examsHeader.click();
  let e = await examsShown();
  check(e.every((v, i) => i === 0 || e[i - 1] <= v), '/imaging: sorted by exams ascending');
  await examsHeader.click();
  e = await examsShown();
  check(e.every((v, i) => i === 0 || e[i - 1] >= v), '/imaging: sorted by exams descending');
  await fits('/imaging', 'imaging');

  // the link of the top machine opens its sheet
  const top = readFileSync(join(cliDir, 'top.txt'), 'utf8').trim();
  const firstLink = page.locator('#machines tbody tr:first-child td:first-child a');
  check(await firstLink.textContent() === top, `/imaging: first machine by exams is ${await firstLink.textContent()}, expected ${top}`);
  await Promise.all([page.waitForURL(`${base}/imaging/machine/${encodeURIComponent(top)}`), firstLink.click()]);
  check((await page.textContent('h1')).includes(top), 'machine sheet: title names the machine');
  compareTables(`/imaging/machine/${top}`, await pageTables(page, 'main table'), readJson('machine.json'));
  // its heat map: an inline SVG of 7 x 24 cells, shown, whose tooltips
  // ("lun. 8 h : 45,3 %") give the grid of the CLI's JSON (machine_activity)
  const grid = readJson('machine.json').tables.find((t) => t.id === 'machine_activity');
  check(grid && grid.rows.length === 24, 'machine sheet: no 24-hour machine_activity table in the CLI JSON');
  const cells = await page.$$eval('main figure.heat svg.eml-heat rect.cell title', (t) => t.map((x) => x.textContent));
  check(cells.length === 168, `machine sheet: ${cells.length} heat-map cells, expected 168`);
  const dayNames = ['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.'];
  const dayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  let cellsEqual = 0;
  for (const title of cells) {
    const m = /^(\S+) (\d+) h : (\d+),(\d) %$/.exec(title);
    if (!m) { check(false, `machine sheet: heat-map cell title '${title}'`); continue; }
    const want = grid ? grid.rows[Number(m[2])][dayKeys[dayNames.indexOf(m[1])]] * 100 : NaN;
    if (Math.abs(Number(`${m[3]}.${m[4]}`) - want) <= 0.05 + 1e-9) cellsEqual++;
    else check(false, `machine sheet: heat-map cell '${title}', the CLI has ${want} %`);
  }
  check(cellsEqual === 168, `machine sheet: ${cellsEqual} heat-map cells equal to the CLI's grid`);
  const box = await page.locator('main figure.heat svg').boundingBox();
  check(box && box.width > 400 && box.height > 150, `machine sheet: heat map drawn ${box ? box.width + 'x' + box.height : 'nowhere'}`);
  console.log(`/imaging/machine/${top}: heat map of ${cellsEqual} cells equal to the CLI's grid`);
  await fits('machine sheet', 'machine');

  // radiotherapy: the report, then each centre's checklist
  resp = await page.goto(`${base}/rt?year=2024`);
  check(resp.status() === 200, `/rt: HTTP ${resp.status()}`);
  compareTables('/rt', await pageTables(page, 'main table'), readJson('rt.json'));
  await fits('/rt', 'rt');

  // the scenario page: a scenario typed, applied in memory, its tables shown
  await page.goto(`${base}/scenario`);
  await page.fill('textarea[name=scenario]', 'close CT-75-002\n');
  await page.fill('input[name=period]', 'SROS3-PRS');
  await page.fill('input[name=at]', '01/10/2017');
  await page.selectOption('select[name=modality]', 'CT');
  await Promise.all([page.waitForURL(`${base}/scenario`), page.click('form.scenario button')]);
  check(await page.locator('main table').count() >= 2, '/scenario: no tables after the scenario');
  check((await page.textContent('main')).includes('close CT-75-002'), '/scenario: the change is not listed');
  await fits('/scenario', 'scenario');

  // the home page and its navigation
  await page.goto(`${base}/`);
  await Promise.all([page.waitForURL(`${base}/rt`), page.click('nav a[href="/rt"]')]);
  check((await page.textContent('h1')).startsWith('Radiothérapie 2024'), '/rt from the navigation: year 2024 by default');
  await page.goto(`${base}/`);
  await page.screenshot({ path: join(shotDir, 'index.png'), fullPage: true });

  check(foreign.length === 0, `requests to another origin: ${foreign.join(' ')}`);
  check(errors.length === 0, `script errors: ${errors.join(' ')}`);
} finally {
  await context.close();
}
finish();
