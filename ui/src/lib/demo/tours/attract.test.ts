import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeShop } from '../../testing/fixtures';
import { mockBackend } from '../../testing/ipc';
import { demo } from '../demo.svelte';
import { fakeDemo, statusOf } from '../testing';
import { ATTRACT_AFTER_MS, BETWEEN_TOURS_MS, PLAYING_KEY, attract } from './attract.svelte';
import type { TourEnd } from './engine.svelte';
import { tours as engine } from './play.svelte';
import type { Tour } from './types';

const still: Tour = {
  id: 'still',
  title: 'A still tour',
  summary: 'Shows one thing.',
  steps: [{ route: '#/', target: null, line: 'Look.' }],
};

const tick = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

let stop: () => void;
let goHome: ReturnType<typeof vi.fn<() => void>>;
let played: string[];
let calls: { command: string }[];
/** The page's storage, which outlives the page as a new one takes its place. */
let storage: Map<string, string>;
const mark = {
  getItem: (key: string) => storage.get(key) ?? null,
  setItem: (key: string, value: string) => void storage.set(key, value),
  removeItem: (key: string) => void storage.delete(key),
};

/** Watches with a player that runs the real engine on `still`, clicking a button as it goes. */
function watch() {
  goHome = vi.fn<() => void>();
  played = [];
  stop = attract.watch({
    goHome,
    mark,
    tours: [still, { ...still, id: 'second' }],
    play: (tour, mode): Promise<TourEnd> => {
      played.push(tour.id);
      // What autoplay does on a screen: a click and typing, which are no visitor's input.
      document.body.innerHTML = '<button>Buy</button><input />';
      document.querySelector('button')!.click();
      document.querySelector('input')!.dispatchEvent(new Event('input', { bubbles: true }));
      return engine.start(tour, mode);
    },
  });
}

beforeEach(() => {
  storage = new Map();
  vi.useFakeTimers();
  calls = mockBackend(fakeDemo(undefined, fakeShop()));
  demo.set(statusOf());
});

afterEach(() => {
  stop();
  engine.exit();
  vi.useRealTimers();
  clearMocks();
  demo.set(undefined);
  document.body.innerHTML = '';
});

describe('the attract screen', () => {
  it('appears after 90 s without input, and not before', async () => {
    watch();
    await tick(ATTRACT_AFTER_MS - 1000);
    expect(attract.on).toBe(false);
    expect(played).toEqual([]);
    await tick(1000);
    expect(attract.on).toBe(true);
    expect(played).toEqual(['still']);
    expect(engine.mode).toBe('autoplay');
  });

  it('counts the 90 s from the last input', async () => {
    watch();
    await tick(60_000);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    await tick(60_000);
    expect(attract.on).toBe(false);
    await tick(30_000);
    expect(attract.on).toBe(true);
  });

  it('loops through the tours while nobody comes', async () => {
    watch();
    await tick(ATTRACT_AFTER_MS);
    await tick(60_000);
    expect(played.slice(0, 3)).toEqual(['still', 'second', 'still']);
    expect(attract.on).toBe(true);
  });

  it.each([
    ['a key', () => new KeyboardEvent('keydown', { key: 'Enter', cancelable: true })],
    ['a click', () => new MouseEvent('pointerdown', { cancelable: true })],
    ['a touch', () => new Event('touchstart', { cancelable: true })],
    ['the wheel', () => new WheelEvent('wheel', { cancelable: true })],
  ])('ends on %s, starts the demo over and goes home', async (_, event) => {
    watch();
    await tick(ATTRACT_AFTER_MS);
    expect(attract.on).toBe(true);
    const resets = calls.filter((c) => c.command === 'demo_reset').length;

    const input = event();
    window.dispatchEvent(input);
    expect(input.defaultPrevented).toBe(true);
    expect(attract.on).toBe(false);
    expect(engine.running).toBe(false);
    await tick(100);
    expect(calls.filter((c) => c.command === 'demo_reset').length).toBe(resets + 1);
    expect(goHome).toHaveBeenCalledOnce();

    // The visitor has the stand: no show for the next 90 s.
    await tick(ATTRACT_AFTER_MS - 2000);
    expect(attract.on).toBe(false);
  });

  it('swallows the click that follows the touch ending it', async () => {
    watch();
    await tick(ATTRACT_AFTER_MS);
    window.dispatchEvent(new MouseEvent('pointerdown', { cancelable: true }));
    const under = vi.fn();
    document.body.innerHTML = '<button>Under</button>';
    document.querySelector('button')!.addEventListener('click', under);
    document.querySelector('button')!.click();
    expect(under).not.toHaveBeenCalled();
    document.querySelector('button')!.click();
    expect(under).toHaveBeenCalledOnce();
  });

  it('never appears outside demo mode', async () => {
    demo.set(null);
    watch();
    await tick(10 * ATTRACT_AFTER_MS);
    expect(attract.on).toBe(false);
    expect(played).toEqual([]);
  });
});

describe('with the idle reset', () => {
  it('is no input: a stand a visitor left is still reset after its minutes', async () => {
    const idleReset = vi.fn();
    const stopIdle = demo.watchIdle(() => {
      idleReset();
      attract.afterIdleReset();
    });
    watch();
    // A visitor touches the stand, then walks away.
    window.dispatchEvent(new MouseEvent('pointerdown'));
    await tick(ATTRACT_AFTER_MS);
    expect(attract.on).toBe(true);
    expect(idleReset).not.toHaveBeenCalled();

    // The show clicks and types all along; the idle reset comes at 3 minutes all the same.
    await tick(3 * 60_000 - ATTRACT_AFTER_MS + 5000);
    expect(idleReset).toHaveBeenCalledOnce();
    expect(calls.some((c) => c.command === 'demo_reset')).toBe(true);
    // The tour under the reset gave way to the next one; the show goes on.
    expect(attract.on).toBe(true);
    await tick(5000);
    expect(played.length).toBeGreaterThanOrEqual(2);
    stopIdle();
  });
});

describe('with the new page a reset opens', () => {
  it('goes on at once in the new page when the idle reset came under the show', async () => {
    watch();
    await tick(ATTRACT_AFTER_MS);
    expect(storage.has(PLAYING_KEY)).toBe(false);

    // The idle reset opens a new page: this one stops, the new one plays on without waiting.
    attract.beforeIdleReset();
    demo.replaced = true;
    attract.afterIdleReset();
    await tick(BETWEEN_TOURS_MS);
    const before = played.length;
    await tick(20_000);
    expect(played.length).toBe(before);
    stop();
    demo.set(statusOf());
    watch();
    await tick(1000);
    expect(attract.on).toBe(true);
    expect(played).toHaveLength(1);
    expect(storage.has(PLAYING_KEY)).toBe(false);
  });

  it('leaves no mark when a touch ended the show, nor when nothing played', async () => {
    watch();
    attract.beforeIdleReset();
    expect(storage.has(PLAYING_KEY)).toBe(false);
    await tick(ATTRACT_AFTER_MS);
    window.dispatchEvent(new MouseEvent('pointerdown', { cancelable: true }));
    await tick(100);
    expect(storage.has(PLAYING_KEY)).toBe(false);
    stop();
    watch();
    await tick(ATTRACT_AFTER_MS - 1000);
    expect(attract.on).toBe(false);
  });

  it('ignores a mark left long ago, by a page that ended without a reset', async () => {
    storage.set(PLAYING_KEY, String(Date.now() - 10 * 60_000));
    watch();
    await tick(ATTRACT_AFTER_MS - 1000);
    expect(attract.on).toBe(false);
  });

  it('is not resumed by a visitor who touches the new page first', async () => {
    storage.set(PLAYING_KEY, String(Date.now()));
    watch();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    await tick(ATTRACT_AFTER_MS - 1000);
    expect(attract.on).toBe(false);
  });
});
