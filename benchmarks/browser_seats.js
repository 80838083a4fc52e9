// Browser seats for bench_serve.py: open N pages of a seat server at once in headless
// Chromium, fill the join form, and time it. Prints one JSON line.
//   NODE_PATH=/tmp/pw/node_modules node benchmarks/browser_seats.js URL N CODE MODE
// MODE "crisis" types the code into the form at URL, then picks a role and types a name;
// "link": URL is a join link (/join/CODE), whose form has the code filled in, so the page
// picks a role and types a name only; "bare" types a name only.
// For each page: ms from opening it to the form drawn (for a link, with its code looked up and
// its roles listed), from the form's first key (or click) to the seat's screen drawn (keys sent
// as fast as the form takes them, Enter once the whole name is drawn), and from opening to the
// seat drawn (both without the script's fixed waits for the role list). Also every address the
// pages fetched that is not this server; a page that gets stuck says what it sent and what it
// was shown.
const { chromium } = require('playwright-core');

const [url, count, code, mode] = [process.argv[2], +process.argv[3], process.argv[4], process.argv[5]];
const FORM = 'Join a live crisis';
const ROLES = 'choose your role.';  // the form's status once its code is looked up
const SEAT = '·  code ';
const MENU = 'Choose your role';  // the role menu's prompt, where a pupil clicks
const FIRST_ROLE = 'Valentin Savitsky (';  // B-59's first role, in the opened menu
const NAME_HINT = 'e.g. Ann';  // the name field's placeholder, where a pupil clicks
const PAUSE = 150; // ms the script waits for the role list; not counted in the join time

// Runs in the page before its own script: watches what the seat's websocket receives and notes
// when a text is drawn. The terminal draws on a canvas, so the page's text holds none of it.
const watch = `(() => {
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  let seen = '';  // the last characters received: a few frames
  let total = 0;  // characters received in all
  let keys = '';  // the last keys and clicks sent, for a page that gets stuck
  let last = 0;  // when the last message came
  const watches = [];
  window.__size = null;
  window.__keys = (text) => { keys = (keys + text).slice(-200); };
  // A text drawn after now (or ever, from the start): the index of its watch.
  window.__watch = (text, ever) => watches.push({ text, from: ever ? 0 : total }) - 1;
  window.__drawn = (id) => watches[id].at;
  window.__before = (id) => watches[id].before;  // what was drawn just before it
  // Why a text is not drawn: the keys sent, and the words drawn since the watch began.
  window.__stuck = (id) => {
    const w = watches[id];
    const words = seen.slice(Math.max(0, w.from - (total - seen.length)))
      .replace(/\\x1b\\[[0-9;?]*[A-Za-z]/g, ' ').split(/[\\s▁▔▊▎▏▌▐]+/).filter((x) => x.length > 1);
    const closed = document.body.classList.contains('-closed') ? ', the seat closed' : '';
    const ago = Math.round(performance.now() - last);
    return '"' + w.text + '" not drawn; sent ' + JSON.stringify(keys.slice(-40)) + '; then ' +
      (total - w.from) + ' characters, the last ' + ago + ' ms ago' + closed + ': ' +
      [...new Set(words)].join(' ').slice(-300);
  };
  for (const text of ${JSON.stringify([FORM, ROLES])}) window.__watch(text, true);
  const take = (text) => {
    // Look in this message and the end of the last: a line may span messages, and one message
    // may hold more than is kept (a whole seat screen at once, when the machine is busy).
    const joined = seen + text;
    const base = total - seen.length;
    total += text.length;
    last = performance.now();
    for (const w of watches) {
      const at = w.at === undefined ? joined.indexOf(w.text, Math.max(0, w.from - base)) : -1;
      if (at >= 0) {
        w.at = null;
        w.before = joined.slice(Math.max(0, at - 200), at);
        // Drawn: the terminal writes what it received on the next frame or two.
        requestAnimationFrame(() => requestAnimationFrame(() => { w.at = performance.now(); }));
      }
    }
    seen = joined.slice(-20000);
  };
  // The cell where a text was last drawn: Textual moves the cursor (ESC[row;colH) before the
  // line's segments, each in its colours (ESC[...m).
  window.__cell = (text) => {
    const at = seen.lastIndexOf(text);  // (a form's frame is far smaller than what is kept)
    if (at < 0) return null;
    const before = seen.slice(0, at);
    const move = [...before.matchAll(/\\x1b\\[(\\d+);(\\d+)H/g)].pop();
    if (!move) return null;
    const between = before.slice(move.index + move[0].length).replace(/\\x1b\\[[0-9;?]*[A-Za-z]/g, '');
    return { row: +move[1] - 1, col: +move[2] - 1 + between.length };
  };
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const data = event.data;
        if (typeof data === 'string') take(data);
        else if (data instanceof ArrayBuffer) take(decoder.decode(new Uint8Array(data), { stream: true }));
        else if (data instanceof Blob) {
          data.arrayBuffer().then((b) => take(decoder.decode(new Uint8Array(b), { stream: true })));
        }
      });
    }
    send(data) {
      // The page tells the seat its size in cells: what a click's position is counted in.
      if (typeof data === 'string' && data.startsWith('["resize"')) window.__size = JSON.parse(data)[1];
      if (typeof data === 'string' && data.startsWith('["stdin"')) window.__keys(JSON.parse(data)[1]);
      super.send(data);
    }
  };
})();`;

async function waitDrawn(page, id, timeout = 60000) {
  try {
    await page.waitForFunction((i) => typeof window.__drawn(i) === 'number', id, { timeout, polling: 20 });
  } catch (error) {
    throw new Error(await page.evaluate((i) => window.__stuck(i), id).catch(() => String(error)));
  }
  return page.evaluate((i) => window.__drawn(i), id);
}

const watchFor = (page, text) => page.evaluate((t) => window.__watch(t), text);

// Click the middle of the first cell of a text on the terminal, as a pupil clicks a field.
async function clickOn(page, text) {
  const where = await page.evaluate((t) => {
    const cell = window.__cell(t);
    const box = document.querySelector('.xterm-screen').getBoundingClientRect();
    const size = window.__size;
    if (!cell || !size) return null;
    const [w, h] = [box.width / size.width, box.height / size.height];
    return { x: box.left + (cell.col + 0.5) * w, y: box.top + (cell.row + 0.5) * h };
  }, text);
  if (!where) throw new Error(`"${text}" is not on the terminal`);
  await page.mouse.click(where.x, where.y);
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
  const form = await waitDrawn(page, mode === 'link' ? 1 : 0);  // FORM, or ROLES for a link
  const formMs = zero + form - opened;
  const name = `Pupil${number}`;
  let paused = 0;  // ms of fixed waits, left out of the join time
  const started = await page.evaluate(() => performance.now());
  if (mode === 'link') {
    // The role menu has the focus already; a pupil clicks it all the same.
    const menu = await watchFor(page, FIRST_ROLE);
    await clickOn(page, MENU);              // opens the list (its first entry is the prompt)
    await waitDrawn(page, menu);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const closed = await watchFor(page, NAME_HINT);  // the form under the list, drawn again
    await page.keyboard.press('Enter');      // the first role
    await waitDrawn(page, closed);
    await clickOn(page, NAME_HINT);
  } else {
    await page.focus('.xterm-helper-textarea');  // keys go to the terminal
  }
  if (mode === 'crisis') {
    await page.keyboard.type(code, { delay: 5 });
    await waitDrawn(page, 1);                // the code was looked up: its roles are listed
    await page.keyboard.press('Enter');      // to the role
    await page.keyboard.press('Enter');      // open the list
    await page.waitForTimeout(PAUSE);        // (the list is drawn over the form)
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');      // the first role
    await page.waitForTimeout(PAUSE);
    await page.keyboard.press('Tab');        // to the name
    paused = 2 * PAUSE;
  }
  // Enter once the whole name is drawn: the join form takes an Enter that arrives together
  // with the name's last letter before that letter, and joins under a name cut short.
  const typed = await watchFor(page, name);
  await page.keyboard.type(name, { delay: 5 });
  await waitDrawn(page, typed);
  const seated = await watchFor(page, SEAT);
  await page.keyboard.press('Enter');
  const seatAt = await waitDrawn(page, seated);
  if (mode !== 'bare' && !(await page.evaluate((i) => window.__before(i), seated)).endsWith('Savitsky  ')) {
    throw new Error('seated, but not in the first role');
  }
  // The script's own fixed waits are a pupil's reading time, not the seat's: left out of both.
  return { context, formMs, joinMs: seatAt - started - paused, totalMs: zero + seatAt - opened - paused };
}

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const external = new Set();
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) => seat(browser, i, external).catch((e) => ({ error: String(e).slice(0, 400) }))),
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
