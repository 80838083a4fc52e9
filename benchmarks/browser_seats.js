// Browser seats for bench_serve.py: open N pages of a seat server at once in headless
// Chromium, fill the join form with keys, and time it. Prints one JSON line.
//   NODE_PATH=/tmp/pw/node_modules node benchmarks/browser_seats.js URL N CODE MODE
// MODE "crisis" fills the join form (code, role, name); "bare" types a name only.
// For each page: ms from opening it to the form drawn, and from the form's first key to the
// seat's screen drawn (the keys are sent as fast as the form takes them). Also every address the pages fetched that is not this server.
const { chromium } = require('playwright-core');

const [url, count, code, mode] = [process.argv[2], +process.argv[3], process.argv[4], process.argv[5]];
const FORM = 'Join a live crisis';
const SEAT = '·  code ';
const PAUSE = 150; // ms the script waits for the role list; not counted in the join time

const watch = `(() => {
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  let seen = '';
  window.__marks = {};
  window.__seen = () => seen;
  window.__want = ['Join a live crisis', 'choose your role.', '·  code '];
  const look = () => {
    for (const text of window.__want) {
      if (!(text in window.__marks) && seen.includes(text)) {
        // Drawn: the terminal writes what it received on the next frame or two.
        requestAnimationFrame(() => requestAnimationFrame(() => {
          window.__marks[text] = performance.now();
        }));
        window.__marks[text] = null;
      }
    }
  };
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const data = event.data;
        if (typeof data === 'string') { seen = (seen + data).slice(-20000); look(); }
        else if (data instanceof ArrayBuffer) {
          seen = (seen + decoder.decode(new Uint8Array(data), { stream: true })).slice(-20000); look();
        } else if (data instanceof Blob) {
          data.arrayBuffer().then((b) => { seen = (seen + decoder.decode(new Uint8Array(b), { stream: true })).slice(-20000); look(); });
        }
      });
    }
  };
})();`;

async function waitMark(page, text, timeout = 60000) {
  await page.waitForFunction((t) => typeof window.__marks[t] === 'number', text, { timeout, polling: 20 });
  return page.evaluate((t) => window.__marks[t], text);
}

async function seat(browser, number, external) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
  const page = await context.newPage();
  page.on('request', (request) => {
    const address = request.url();
    const origin = new URL(url).host;
    if (!/^(data|blob):/.test(address) && new URL(address).host !== origin) external.add(address);
  });
  await page.addInitScript(watch);
  await page.evaluate(() => 0).catch(() => 0);
  const opened = Date.now();
  await page.goto(url);
  const zero = await page.evaluate(() => performance.timeOrigin);
  const form = await waitMark(page, FORM);
  const formMs = zero + form - opened;
  const name = `Pupil${number}`;
  await page.focus('.xterm-helper-textarea');  // keys go to the terminal
  const started = await page.evaluate(() => performance.now());
  if (mode === 'crisis') {
    await page.keyboard.type(code, { delay: 5 });
    await waitMark(page, 'choose your role.');  // the code was looked up: its roles are listed
    await page.keyboard.press('Enter');      // to the role
    await page.keyboard.press('Enter');      // open the list
    await page.waitForTimeout(PAUSE);        // (the list is drawn over the form)
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');      // the first role
    await page.waitForTimeout(PAUSE);
    await page.keyboard.press('Tab');        // to the name
  }
  await page.keyboard.type(name, { delay: 5 });
  await page.keyboard.press('Enter');
  const seatAt = await waitMark(page, SEAT);
  return { context, formMs, joinMs: seatAt - started - (mode === 'crisis' ? 2 * PAUSE : 0), totalMs: zero + seatAt - opened };
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const external = new Set();
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => seat(browser, i, external).catch((e) => ({ error: String(e).slice(0, 200) }))),
  );
  const ok = results.filter((r) => !r.error);
  console.log(JSON.stringify({
    form: ok.map((r) => r.formMs), join: ok.map((r) => r.joinMs), total: ok.map((r) => r.totalMs),
    errors: results.filter((r) => r.error).map((r) => r.error), external: [...external],
  }));
  // Keep the seats open until told, so their memory can be read.
  if (process.env.HOLD) { process.stdout.write(''); await new Promise((r) => process.stdin.once('data', r)); }
  await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 5000))]);
  process.exit(0);
})();
