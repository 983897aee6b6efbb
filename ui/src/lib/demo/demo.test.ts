import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../App.svelte';
import type { ApiError, Travel } from '../api';
import { actingAs } from '../roles/acting.svelte';
import { copyStatus } from '../sync/status.svelte';
import { fakeShop } from '../testing/fixtures';
import { deferred, mockBackend } from '../testing/ipc';
import { stubViewport } from '../testing/viewport';
import TopBar from '../ui/TopBar.svelte';
import { demo } from './demo.svelte';
import { demoParts } from './parts.svelte';
import { fakeDemo, firedOf, statusOf } from './testing';
import TimeMachine from './TimeMachine.svelte';
import { loadAllScreens } from '../testing/screens';

beforeAll(loadAllScreens, 60_000);

function goTo(hash: string) {
  window.location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

const forbidden: ApiError = {
  code: 'forbidden',
  message: 'demo mode is off: start the app with --demo',
};

/** A store that is not a demo: the core refuses every demo command. */
function notADemo(command: string, args: Record<string, unknown>): unknown {
  if (command.startsWith('demo_')) throw forbidden;
  return fakeShop()(command, args);
}

let restoreViewport: () => void;

// Drawn with their screens from the first frame, as the app's start has them (firstScreen.ts).
beforeAll(() => demoParts.load());

beforeEach(() => {
  restoreViewport = stubViewport();
  goTo('#/');
});

afterEach(() => {
  clearMocks();
  restoreViewport();
  demo.set(undefined);
  demo.lastTravel = null;
  demo.error = null;
  demo.resetError = null;
  demo.panelOpen = false;
  actingAs.current = null;
  copyStatus.set(undefined);
});

const texts = (testId: string) =>
  screen.getAllByTestId(testId).map((element) => element.textContent?.replace(/\s+/g, ' ').trim());

/** Until the move under way, and the status asked for after it, are done. */
const idle = () => waitFor(() => expect(demo.busy).toBe(false));

/**
 * The whole app on Billing Center's orders, a month moved, then reset from the top bar: the
 * screens' version and the count of role reads just before the reset.
 */
async function resetAfterAMonth(calls: { command: string }[]) {
  goTo('#/billing/orders');
  render(App);
  await fireEvent.click(await screen.findByTestId('time-machine-open'));
  await fireEvent.click(await screen.findByTestId('travel-month'));
  await screen.findByTestId('fired-list');
  await idle();
  const version = actingAs.version;
  const roles = calls.filter((c) => c.command === 'role_show').length;
  // The move reloads the screen under the top bar: its own top bar is the one to use.
  await waitFor(() => expect(screen.queryByTestId('screen-loading')).toBeNull());
  await fireEvent.click(screen.getByTestId('demo-reset'));
  await fireEvent.click(screen.getByTestId('demo-reset-confirm'));
  return { version, roles };
}

/** Renders the panel on its own, open on the fake sandbox's first state. */
async function openPanel(backend = fakeDemo()) {
  const calls = mockBackend(backend);
  demo.set(statusOf());
  demo.open();
  render(TimeMachine);
  // The times are in the account's zone (UTC in the fake) once it is known, and say so.
  await waitFor(() =>
    expect(screen.getByTestId('demo-clock').textContent?.trim()).toBe('2026-03-08 10:00'),
  );
  await waitFor(() =>
    expect(screen.getByTestId('demo-clock-zone').textContent?.trim()).toBe(
      'Times in UTC, the time zone of the account the demo acts for.',
    ),
  );
  return calls;
}

describe('outside demo mode', () => {
  it('shows nothing of the demo: no mark, no time machine, no reset', async () => {
    mockBackend(notADemo);
    render(App);
    await waitFor(() => expect(screen.getByTestId('acting-as').textContent).toContain('· Buyer'));
    await waitFor(() => expect(demo.status).toBeNull());
    expect(demo.active).toBe(false);
    expect(screen.queryByTestId('demo-mark')).toBeNull();
    expect(screen.queryByTestId('time-machine-open')).toBeNull();
    expect(screen.queryByTestId('demo-reset')).toBeNull();
    expect(screen.queryByTestId('time-machine')).toBeNull();
  });

  it('takes a status that cannot be read for no demo, without throwing', async () => {
    mockBackend(() => {
      throw { code: 'storage', message: 'the data file cannot be read' } satisfies ApiError;
    });
    await expect(demo.load()).resolves.toBeUndefined();
    expect(demo.active).toBe(false);
    expect(demo.error).toBeNull();
    copyStatus.set(null);
    render(TopBar);
    expect(screen.queryByTestId('demo-mark')).toBeNull();
    expect(screen.getByTestId('nav-connect')).toBeTruthy();
  });
});

describe('demo mode (R-DEMO)', () => {
  it('marks the app as a demo and keeps the role switcher, but offers no connecting', () => {
    mockBackend(fakeDemo());
    demo.set(statusOf());
    copyStatus.set(null);
    render(TopBar);
    expect(screen.getByTestId('demo-mark').textContent).toBe('Demo');
    expect(screen.getByTestId('time-machine-open').textContent).toBe('Time machine');
    expect(screen.getByTestId('demo-reset').textContent).toBe('Reset demo');
    expect(screen.getByTestId('acting-as')).toBeTruthy();
    expect(screen.queryByTestId('nav-connect')).toBeNull();
  });

  it('opens the time machine from the top bar on the clock and what comes next', async () => {
    const calls = mockBackend(fakeDemo(undefined, fakeShop()));
    render(App);
    const open = await screen.findByTestId('time-machine-open');
    expect(screen.getByTestId('demo-mark')).toBeTruthy();
    expect(screen.queryByTestId('time-machine')).toBeNull();

    open.focus();
    await fireEvent.click(open);
    const panel = await screen.findByTestId('time-machine');
    expect(panel.getAttribute('role')).toBe('dialog');
    expect(document.activeElement).toBe(panel);
    expect(open.getAttribute('aria-expanded')).toBe('true');
    await waitFor(() =>
      expect(screen.getByTestId('demo-clock').textContent?.trim()).toBe('2026-03-08 10:00'),
    );
    expect(texts('upcoming-item')).toEqual([
      '2026-03-09 10:00 · Completion · R-SUP-4 · Inkwell Headless CMS (order 12)',
      '2026-04-01 23:59 · Expiry notice · R-REN-1 · Vaultwise Cloud Backup (subscription 4)',
    ]);
    // Opening asks again: the clock may have moved since the start.
    expect(calls.filter((c) => c.command === 'demo_status').length).toBeGreaterThanOrEqual(2);
    expect(screen.getByTestId('travel-undo').hasAttribute('disabled')).toBe(true);
    expect(screen.queryByTestId('fired-list')).toBeNull();
  });

  it('moves the clock and lists what fired in order, with the count and the money', async () => {
    const calls = await openPanel();
    const version = actingAs.version;
    expect(
      screen.getAllByRole('button').map((button) => button.getAttribute('data-testid')),
    ).toEqual([
      'time-machine-close',
      'travel-three_hours',
      'travel-day',
      'travel-five_days',
      'travel-month',
      'travel-year',
      'travel-next_event',
      'travel-undo',
    ]);
    expect(screen.getByTestId('travel-year').textContent).toBe('+1 year');

    await fireEvent.click(screen.getByTestId('travel-month'));
    expect((await screen.findByTestId('travel-summary')).textContent).toBe(
      '3 timers fired, $149.00 moved',
    );
    expect(calls.filter((c) => c.command === 'demo_travel').map((c) => c.args)).toEqual([
      { step: 'month' },
    ]);
    expect(screen.getByTestId('travel-span').textContent).toBe(
      'From 2026-03-08 10:00 to 2026-04-08 10:00',
    );
    expect(screen.getByTestId('demo-clock').textContent?.trim()).toBe('2026-04-08 10:00');
    const items = within(screen.getByTestId('fired-list')).getAllByTestId('fired-item');
    expect(items.map((item) => item.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '2026-03-09 10:00 R-SUP-4 order 12 Delivery accepted on the buyer’s behalf; the seller is paid $120.00',
      '2026-04-01 23:59 R-REN-1 subscription 4 Expiry notice sent to the buyer',
      '2026-04-08 09:00 R-REN-5 subscription 7 Renewed automatically for 1 month $29.00',
    ]);
    // The screen behind reloads on the new state; the panel stays.
    expect(actingAs.version).toBe(version + 1);
    expect(screen.getByTestId('time-machine')).toBeTruthy();
    await idle();
    expect(screen.getByTestId('travel-undo').hasAttribute('disabled')).toBe(false);
    expect(screen.getByTestId('undoable').textContent).toBe('1 move can be undone');
    // What comes next is asked for after the move.
    await waitFor(() => expect(screen.getByTestId('upcoming-empty')).toBeTruthy());
  });

  it('says so when a move fires nothing', async () => {
    await openPanel();
    await fireEvent.click(screen.getByTestId('travel-three_hours'));
    expect((await screen.findByTestId('travel-summary')).textContent).toBe(
      'No timer was due: nothing fired and no money moved.',
    );
    expect(screen.queryByTestId('fired-list')).toBeNull();
    expect(screen.getByTestId('demo-clock').textContent?.trim()).toBe('2026-03-08 13:00');
  });

  it('disables every button while a move runs', async () => {
    const answer = deferred<Travel>();
    const backend = fakeDemo();
    await openPanel((command, args) =>
      command === 'demo_travel' ? answer.promise : backend(command, args),
    );
    await fireEvent.click(screen.getByTestId('travel-year'));
    expect(screen.getByTestId('travel-year').textContent).toBe('Moving…');
    for (const id of ['travel-three_hours', 'travel-year', 'travel-next_event', 'travel-undo']) {
      expect(screen.getByTestId(id).hasAttribute('disabled')).toBe(true);
    }
    answer.resolve({
      from: '2026-03-08T10:00:00Z',
      to: '2027-03-08T10:00:00Z',
      fired: [firedOf()],
      money_moved: '120.00',
      undoable: 1,
    });
    await waitFor(() =>
      expect(screen.getByTestId('travel-year').hasAttribute('disabled')).toBe(false),
    );
    expect(screen.getByTestId('travel-summary').textContent).toBe('1 timer fired, $120.00 moved');
  });

  it('undoes the last move while there is one', async () => {
    const calls = await openPanel();
    expect(screen.getByTestId('travel-undo').hasAttribute('disabled')).toBe(true);
    await fireEvent.click(screen.getByTestId('travel-month'));
    await screen.findByTestId('fired-list');
    await idle();
    await fireEvent.click(screen.getByTestId('travel-day'));
    await waitFor(() =>
      expect(screen.getByTestId('undoable').textContent).toBe('2 moves can be undone'),
    );
    await idle();
    const version = actingAs.version;

    await fireEvent.click(screen.getByTestId('travel-undo'));
    await waitFor(() =>
      expect(screen.getByTestId('demo-clock').textContent?.trim()).toBe('2026-04-08 10:00'),
    );
    expect(actingAs.version).toBe(version + 1);
    // What fired belonged to the move undone.
    expect(screen.queryByTestId('travel-summary')).toBeNull();
    await fireEvent.click(screen.getByTestId('travel-undo'));
    await waitFor(() =>
      expect(screen.getByTestId('demo-clock').textContent?.trim()).toBe('2026-03-08 10:00'),
    );
    expect(screen.getByTestId('travel-undo').hasAttribute('disabled')).toBe(true);
    expect(calls.filter((c) => c.command === 'demo_undo')).toHaveLength(2);
  });

  it('shows why a move failed, as a sentence', async () => {
    const backend = fakeDemo();
    await openPanel((command, args) => {
      if (command === 'demo_travel') {
        throw { code: 'invalid_input', message: 'that move goes past the year 262143' };
      }
      return backend(command, args);
    });
    await fireEvent.click(screen.getByTestId('travel-year'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent?.trim()).toBe('That move goes past the year 262143.');
    expect(alert.getAttribute('data-code')).toBe('invalid_input');
    expect(screen.getByTestId('demo-clock').textContent?.trim()).toBe('2026-03-08 10:00');
    expect(screen.getByTestId('travel-year').hasAttribute('disabled')).toBe(false);
  });

  it('keeps a long move inside the panel, a page of items at a time', async () => {
    const year = Array.from({ length: 450 }, (_, index) =>
      firedOf({ subject: `order ${index + 1}`, money: null }),
    );
    await openPanel(fakeDemo({ year }));
    await fireEvent.click(screen.getByTestId('travel-year'));
    const list = await screen.findByTestId('fired-list');
    expect(screen.getByTestId('travel-summary').textContent).toBe('450 timers fired, $0.00 moved');
    expect(within(list).getAllByTestId('fired-item')).toHaveLength(200);
    expect(screen.getByTestId('fired-more').textContent).toBe('Show 200 more of 250');
    await fireEvent.click(screen.getByTestId('fired-more'));
    await fireEvent.click(screen.getByTestId('fired-more'));
    const items = within(list).getAllByTestId('fired-item');
    expect(items).toHaveLength(450);
    expect(items.at(-1)?.textContent).toContain('order 450');
    expect(screen.queryByTestId('fired-more')).toBeNull();
  });

  it('closes on Escape and on Close, and gives the focus back', async () => {
    mockBackend(fakeDemo(undefined, fakeShop()));
    render(App);
    const open = await screen.findByTestId('time-machine-open');
    open.focus();
    await fireEvent.click(open);
    await screen.findByTestId('time-machine');
    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('time-machine')).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId('time-machine-open'));

    await fireEvent.click(screen.getByTestId('time-machine-open'));
    await fireEvent.click(await screen.findByTestId('time-machine-close'));
    await waitFor(() => expect(screen.queryByTestId('time-machine')).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId('time-machine-open'));
  });

  it('keeps the panel open and the focus in it while a move reloads the screen', async () => {
    mockBackend(fakeDemo(undefined, fakeShop()));
    render(App);
    await fireEvent.click(await screen.findByTestId('time-machine-open'));
    await fireEvent.click(await screen.findByTestId('travel-month'));
    await screen.findByTestId('fired-list');
    expect(screen.getByTestId('time-machine').contains(document.activeElement)).toBe(true);
    // The top bar was replaced with the screen; the mark is still there.
    expect(screen.getByTestId('demo-mark')).toBeTruthy();
  });
});

describe('Reset demo (R-DEMO-1)', () => {
  it('asks first, and Cancel changes nothing', async () => {
    const calls = mockBackend(fakeDemo());
    demo.set(statusOf());
    render(TopBar);
    await fireEvent.click(screen.getByTestId('demo-reset'));
    expect(screen.getByText('Start over? Everything done since the start is undone.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId('demo-reset-cancel'));
    expect(screen.queryByTestId('demo-reset')).toBeNull();

    await fireEvent.click(screen.getByTestId('demo-reset-cancel'));
    expect(screen.queryByText(/Start over\?/)).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('demo-reset'));
    expect(calls.filter((c) => c.command === 'demo_reset')).toHaveLength(0);
  });

  it('puts the first state back, the role with it, and goes home', async () => {
    const calls = mockBackend(fakeDemo(undefined, fakeShop()));
    const { version, roles } = await resetAfterAMonth(calls);
    await waitFor(() => expect(window.location.hash).toBe('#/'));
    expect(calls.filter((c) => c.command === 'demo_reset')).toHaveLength(1);
    expect(calls.filter((c) => c.command === 'role_show')).toHaveLength(roles + 1);
    expect(actingAs.version).toBe(version + 1);
    expect(screen.getByTestId('demo-clock').textContent?.trim()).toBe('2026-03-08 10:00');
    expect(screen.queryByTestId('fired-list')).toBeNull();
    expect(screen.getByTestId('travel-undo').hasAttribute('disabled')).toBe(true);
  });

  it('says why a reset failed, and stays where it was', async () => {
    mockBackend((command, args) => {
      if (command === 'demo_reset') {
        throw { code: 'storage', message: 'the first state could not be read' } satisfies ApiError;
      }
      return fakeDemo()(command, args);
    });
    demo.set(statusOf());
    goTo('#/billing/orders');
    render(TopBar);
    await fireEvent.click(screen.getByTestId('demo-reset'));
    await fireEvent.click(screen.getByTestId('demo-reset-confirm'));
    expect((await screen.findByTestId('demo-reset-error')).textContent).toBe(
      'The first state could not be read.',
    );
    expect(screen.getByTestId('demo-reset-error').getAttribute('role')).toBe('alert');
    expect(window.location.hash).toBe('#/billing/orders');
    expect(demo.status).toEqual(statusOf());
  });
});

describe('a reset that gives the next visitor a new page', () => {
  it('leaves this page as it is and lets it move, undo or reset nothing more', async () => {
    const fake = fakeDemo(undefined, fakeShop());
    const calls = mockBackend((command, args) =>
      command === 'demo_reset' ? { ...statusOf(), new_page: true } : fake(command, args),
    );
    const { version, roles } = await resetAfterAMonth(calls);
    await waitFor(() => expect(demo.replaced).toBe(true));
    // The shell shows the new page in its place: this one reloads nothing meanwhile.
    expect(calls.filter((c) => c.command === 'role_show')).toHaveLength(roles);
    expect(actingAs.version).toBe(version);
    expect(demo.busy).toBe(true);
    expect(await demo.travel('month')).toBeNull();
    await demo.undo();
    expect(await demo.reset()).toBe(false);
    const moves = ['demo_travel', 'demo_undo', 'demo_reset'].map(
      (command) => calls.filter((c) => c.command === command).length,
    );
    expect(moves).toEqual([1, 0, 1]);
  });
});

describe('a stand left alone starts over (R-DEMO-1)', () => {
  it('resets after its minutes without input once a visitor touched it, then goes home', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const calls = mockBackend(fakeDemo());
      demo.set(statusOf({ idle_reset_minutes: 3 }));
      const target = new EventTarget() as unknown as Window;
      let wentHome = 0;
      const stop = demo.watchIdle(() => (wentHome += 1), target, 1000);
      const resets = () => calls.filter((c) => c.command === 'demo_reset').length;

      // Nobody came: nothing to start over.
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(resets()).toBe(0);

      target.dispatchEvent(new Event('pointerdown'));
      await vi.advanceTimersByTimeAsync(2 * 60_000);
      target.dispatchEvent(new Event('keydown'));
      await vi.advanceTimersByTimeAsync(2 * 60_000 + 59_000);
      // A key pressed two minutes in counts as input.
      expect(resets()).toBe(0);
      await vi.advanceTimersByTimeAsync(2_000);
      await waitFor(() => expect(resets()).toBe(1));
      await waitFor(() => expect(wentHome).toBe(1));

      // Once started over, it waits for the next visitor.
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(resets()).toBe(1);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
