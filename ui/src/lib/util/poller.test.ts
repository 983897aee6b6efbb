import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Poller } from './poller';

const EVERY_MS = 5000;

function counting(): { poller: Poller; asked: () => number } {
  let asked = 0;
  const poller = new Poller(() => {
    asked += 1;
    return Promise.resolve();
  }, EVERY_MS);
  poller.polling = true;
  return { poller, asked: () => asked };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a poll shared by its watchers', () => {
  it('asks at once when the first watcher comes, then every interval until the last goes', () => {
    const { poller, asked } = counting();
    const stop = poller.watch();
    expect(asked()).toBe(1);
    vi.advanceTimersByTime(EVERY_MS * 2);
    expect(asked()).toBe(3);
    stop();
    vi.advanceTimersByTime(EVERY_MS * 3);
    expect(asked()).toBe(3);
  });

  it('does not ask again at once for a value the first screen has just read', () => {
    const { poller, asked } = counting();
    poller.readAhead();
    vi.advanceTimersByTime(EVERY_MS - 1);
    const stop = poller.watch();
    expect(asked()).toBe(0);
    vi.advanceTimersByTime(EVERY_MS);
    expect(asked()).toBe(1);
    stop();
  });

  it('asks at once when what was read ahead is an interval old', () => {
    const { poller, asked } = counting();
    poller.readAhead();
    vi.advanceTimersByTime(EVERY_MS);
    const stop = poller.watch();
    expect(asked()).toBe(1);
    stop();
  });

  it('skips only the first watch after a read ahead: a top bar mounted again asks at once', () => {
    const { poller, asked } = counting();
    poller.readAhead();
    const first = poller.watch();
    first();
    const again = poller.watch();
    expect(asked()).toBe(1);
    again();
  });

  it('asks nothing while polling is off', () => {
    const { poller, asked } = counting();
    poller.polling = false;
    const stop = poller.watch();
    vi.advanceTimersByTime(EVERY_MS * 3);
    expect(asked()).toBe(0);
    stop();
  });
});
