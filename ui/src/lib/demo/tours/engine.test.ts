import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MIN_READ_MS, POLL_MS, RESULT_MS, TourEngine, WAIT_MS, readMs } from './engine.svelte';
import { at, type Tour } from './types';

/** A screen of plain elements: a button that shows the next one, a field, a result. */
function screen() {
  document.body.innerHTML = `
    <button data-tour="buy">Buy</button>
    <button data-tour="elsewhere">Something else</button>
    <label data-tour="name">Name <input /></label>
  `;
  const buy = document.querySelector<HTMLButtonElement>(at('buy'))!;
  buy.addEventListener('click', () => {
    // The next screen answers a little later, as a real one would.
    setTimeout(() => {
      const done = document.createElement('p');
      done.dataset.tour = 'bought';
      done.textContent = 'Bought';
      document.body.append(done);
    }, 300);
  });
  return { buy, field: document.querySelector('input')! };
}

const tour: Tour = {
  id: 'test',
  title: 'A test tour',
  summary: 'Buys something.',
  steps: [
    { route: '#/shop', target: at('buy'), line: 'Buy it.', act: 'click', until: at('bought') },
    { target: at('name'), line: 'Your name.', act: { fill: 'Ada' } },
    { target: at('bought'), line: 'Bought: here is the result.' },
  ],
};

const tick = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

let opened: string[];
let engine: TourEngine;

beforeEach(() => {
  vi.useFakeTimers();
  opened = [];
  engine = new TourEngine({
    open: (hash) => {
      opened.push(hash);
    },
  });
});

afterEach(() => {
  engine.exit();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('visitor mode', () => {
  it('opens the step’s screen, highlights and focuses its element, and says its line', async () => {
    const { buy } = screen();
    void engine.start(tour, 'visitor');
    await tick();
    expect(opened).toEqual(['#/shop']);
    expect(engine.index).toBe(0);
    expect(engine.target).toBe(buy);
    expect(engine.step?.line).toBe('Buy it.');
    expect(document.activeElement).toBe(buy);
    expect(engine.canBack).toBe(false);
  });

  it('acts on the element as it is now when the screen was drawn again', async () => {
    const { buy } = screen();
    void engine.start(tour, 'visitor');
    await tick();
    expect(engine.target).toBe(buy);
    // The screen is drawn again: a new button, the same mark.
    const drawn = buy.cloneNode(true) as HTMLButtonElement;
    let clicked = 0;
    drawn.addEventListener('click', () => (clicked += 1));
    buy.replaceWith(drawn);

    engine.next();
    expect(clicked).toBe(1);
    expect(engine.target).toBe(drawn);
  });

  it('puts the keyboard back on the step’s element when the screen is drawn again', async () => {
    const { buy } = screen();
    void engine.start(tour, 'visitor');
    await tick();
    expect(document.activeElement).toBe(buy);
    // The focused button goes with the screen drawn again: the keyboard is nowhere.
    const drawn = buy.cloneNode(true) as HTMLButtonElement;
    buy.replaceWith(drawn);
    expect(document.activeElement).toBe(document.body);

    expect(engine.refresh()).toBe(drawn);
    expect(document.activeElement).toBe(drawn);
  });

  it('puts the keyboard back as soon as the screen is drawn again, before a key is lost', async () => {
    const { buy } = screen();
    void engine.start(tour, 'visitor');
    await tick();
    const drawn = buy.cloneNode(true) as HTMLButtonElement;
    buy.replaceWith(drawn);
    // Nothing asks for the element: the engine sees the screen drawn again by itself.
    await Promise.resolve();
    expect(document.activeElement).toBe(drawn);
    expect(engine.target).toBe(drawn);
  });

  it('looks for the step’s element on the screen it opens, not on the one being left', async () => {
    // The element is on both screens (as the top bar's are). The screen left goes once the
    // framework has drawn; the new one comes a moment later, as a screen loaded on demand does.
    const { buy } = screen();
    const drawn = buy.cloneNode(true) as HTMLButtonElement;
    engine = new TourEngine({
      open: async (hash) => {
        opened.push(hash);
        await Promise.resolve();
        buy.remove();
        setTimeout(() => document.body.prepend(drawn), 100);
      },
    });
    void engine.start(tour, 'visitor');
    await tick();
    expect(opened).toEqual(['#/shop']);
    // Not ready on the screen being left: Next waits with the step.
    expect(engine.target).toBeNull();
    expect(engine.waiting).toBe(true);

    await tick(100 + POLL_MS);
    expect(engine.target).toBe(drawn);
    expect(engine.waiting).toBe(false);
    expect(document.activeElement).toBe(drawn);
  });

  it('leaves the keyboard where the visitor put it when the screen is drawn again', async () => {
    const { buy } = screen();
    const elsewhere = document.querySelector<HTMLButtonElement>(at('elsewhere'))!;
    void engine.start(tour, 'visitor');
    await tick();
    elsewhere.focus();
    buy.replaceWith(buy.cloneNode(true));

    engine.refresh();
    expect(document.activeElement).toBe(elsewhere);
  });

  it('waits for a disabled control to be enabled before pointing at it', async () => {
    const { buy } = screen();
    buy.disabled = true;
    void engine.start(tour, 'visitor');
    await tick(POLL_MS * 3);
    expect(engine.target).toBeNull();
    expect(engine.waiting).toBe(true);

    buy.disabled = false;
    await tick(POLL_MS);
    expect(engine.target).toBe(buy);
    expect(engine.waiting).toBe(false);
  });

  it('advances when the visitor does the highlighted action, not on another click', async () => {
    const { buy } = screen();
    void engine.start(tour, 'visitor');
    await tick();
    document.querySelector<HTMLButtonElement>(at('elsewhere'))!.click();
    await tick(1000);
    expect(engine.index).toBe(0);

    buy.click();
    await tick(POLL_MS);
    // Done means the result appeared, not only the click.
    expect(engine.index).toBe(0);
    await tick(400);
    expect(engine.index).toBe(1);
    expect(engine.target?.matches(at('name'))).toBe(true);
  });

  it('advances when what `until` waits for appears, however the visitor got there', async () => {
    screen();
    void engine.start(tour, 'visitor');
    await tick();
    const bought = document.createElement('p');
    bought.dataset.tour = 'bought';
    document.body.append(bought);
    await tick(POLL_MS);
    expect(engine.index).toBe(1);
  });

  it('Next does the step for the visitor: clicks, then types the scripted text', async () => {
    const { field } = screen();
    void engine.start(tour, 'visitor');
    await tick();
    engine.next();
    await tick(400);
    expect(engine.index).toBe(1);
    expect(document.activeElement).toBe(field);

    engine.next();
    await tick(POLL_MS);
    expect(field.value).toBe('Ada');
    expect(engine.index).toBe(2);
  });

  it('keeps what the visitor typed when Next is pressed', async () => {
    const { field } = screen();
    void engine.start(tour, 'visitor');
    await tick();
    engine.next();
    await tick(400);
    field.value = 'Grace';
    engine.next();
    await tick(POLL_MS);
    expect(field.value).toBe('Grace');
    expect(engine.index).toBe(2);
  });

  it('attaches the sample file on Next, and keeps a file the visitor picked', async () => {
    const proof = { name: 'certificate.pdf', type: 'application/pdf', text: '%PDF-1.4' };
    const attaching: Tour = {
      id: 'attach',
      title: 'Attach',
      summary: 'Attaches a proof.',
      steps: [
        { target: at('proof'), line: 'Attach the proof.', act: { attach: proof } },
        { target: at('proof'), line: 'Attached.' },
      ],
    };
    const names = async (picked: File | null) => {
      document.body.innerHTML = `<label data-tour="proof">Proof <input type="file" /></label>`;
      const field = document.querySelector('input')!;
      const changes: number[] = [];
      field.addEventListener('change', () => changes.push(field.files?.length ?? 0));
      void engine.start(attaching, 'visitor');
      await tick();
      expect(document.activeElement).toBe(field);
      if (picked !== null) {
        const transfer = new DataTransfer();
        transfer.items.add(picked);
        field.files = transfer.files;
      }
      engine.next();
      await tick(POLL_MS);
      expect(engine.index).toBe(1);
      engine.exit();
      return { files: Array.from(field.files ?? []).map((file) => file.name), changes };
    };

    expect(await names(null)).toEqual({ files: ['certificate.pdf'], changes: [1] });
    const own = new File(['%PDF-1.7'], 'my-license.pdf', { type: 'application/pdf' });
    expect(await names(own)).toEqual({ files: ['my-license.pdf'], changes: [] });
  });

  it('goes back a step, opening its screen again, and finishes on the last Next', async () => {
    screen();
    const ended = engine.start(tour, 'visitor');
    await tick();
    engine.next();
    await tick(400);
    expect(engine.canBack).toBe(true);
    engine.back();
    await tick();
    expect(engine.index).toBe(0);
    expect(opened).toEqual(['#/shop', '#/shop']);

    engine.next();
    await tick(400);
    engine.next();
    await tick(POLL_MS);
    expect(engine.last).toBe(true);
    engine.next();
    await expect(ended).resolves.toBe('finished');
    expect(engine.running).toBe(false);
  });

  it('ends on Exit and on Escape', async () => {
    screen();
    const exited = engine.start(tour, 'visitor');
    await tick();
    engine.exit();
    await expect(exited).resolves.toBe('exited');
    expect(engine.running).toBe(false);

    const escaped = engine.start(tour, 'visitor');
    await tick();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await expect(escaped).resolves.toBe('exited');
    expect(engine.tour).toBeNull();
    expect(engine.error).toBeNull();
  });
});

describe('autoplay', () => {
  it('reads each line, then acts, in order and at a readable pace', async () => {
    const { buy, field } = screen();
    const clicks: number[] = [];
    const start = Date.now();
    buy.addEventListener('click', () => clicks.push(Date.now() - start));
    const ended = engine.start(tour, 'autoplay');
    await tick();
    expect(engine.mode).toBe('autoplay');

    // Nothing happens before the line has been on screen for its reading time.
    await tick(readMs(tour.steps[0]!) - 1);
    expect(clicks).toEqual([]);
    await tick(1);
    expect(clicks).toEqual([readMs(tour.steps[0]!)]);
    expect(readMs(tour.steps[0]!)).toBe(MIN_READ_MS);

    await tick(300);
    expect(engine.index).toBe(1);
    expect(field.value).toBe('');
    await tick(readMs(tour.steps[1]!));
    expect(field.value).toBe('Ada');
    await tick(POLL_MS);
    expect(engine.index).toBe(2);

    // The result stays on screen before the tour ends.
    await tick(readMs(tour.steps[2]!) + RESULT_MS - 1);
    expect(engine.running).toBe(true);
    await tick(1);
    await expect(ended).resolves.toBe('finished');
  });

  it('clicks and types without key, pointer, touch or wheel events', async () => {
    screen();
    const seen: string[] = [];
    for (const name of ['keydown', 'pointerdown', 'mousedown', 'touchstart', 'wheel'])
      window.addEventListener(name, () => seen.push(name), { capture: true });
    const ended = engine.start(tour, 'autoplay');
    await tick(60_000);
    await expect(ended).resolves.toBe('finished');
    expect(seen).toEqual([]);
  });
});

describe('a missing element', () => {
  it('ends the tour with a message naming the step and the element, instead of hanging', async () => {
    document.body.innerHTML = '';
    const ended = engine.start(tour, 'autoplay');
    await tick(WAIT_MS - POLL_MS);
    expect(engine.running).toBe(true);
    await tick(2 * POLL_MS);
    await expect(ended).resolves.toBe('failed');
    expect(engine.running).toBe(false);
    expect(engine.error).toBe(
      'The tour “A test tour” stopped at step 1 of 3: “buy” did not appear on the screen.',
    );
  });

  it('also when the result of an action never shows', async () => {
    document.body.innerHTML = '<button data-tour="buy">Buy</button>';
    const ended = engine.start(tour, 'visitor');
    await tick();
    engine.next();
    await tick(WAIT_MS + POLL_MS);
    await expect(ended).resolves.toBe('failed');
    expect(engine.error).toContain('step 1 of 3: “bought” did not appear');
  });

  it('names a narrowed element with its value', async () => {
    const narrowed: Tour = {
      ...tour,
      steps: [{ target: at('open-flow', 'database-license'), line: 'Open it.', act: 'click' }],
    };
    const ended = engine.start(narrowed, 'visitor');
    await tick(WAIT_MS + POLL_MS);
    await expect(ended).resolves.toBe('failed');
    expect(engine.error).toContain('“open-flow” (database-license) did not appear');
    engine.dismiss();
    expect(engine.error).toBeNull();
  });
});
