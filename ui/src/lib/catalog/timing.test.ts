import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  browserHost,
  KEPT_TIMINGS,
  KEYSTROKE_MARK,
  SearchTimer,
  type SearchTiming,
  type TimingHost,
} from './timing';

function fakeHost() {
  let clock = 0;
  const frames: (() => void)[] = [];
  const marks: string[] = [];
  const timings: SearchTiming[] = [];
  const host: TimingHost = {
    now: () => clock,
    mark: (name) => marks.push(name),
    clearMark: (name) => marks.splice(0, marks.length, ...marks.filter((m) => m !== name)),
    afterPaint: (callback) => frames.push(callback),
    timings: () => timings,
  };
  return {
    host,
    marks,
    timings,
    advance: (ms: number) => (clock += ms),
    paint: () => frames.splice(0).forEach((frame) => frame()),
  };
}

afterEach(() => {
  delete window.__kgSearchTimings;
  vi.useRealTimers();
});

describe('SearchTimer', () => {
  it('clears the marks of texts shown, superseded or left, and keeps the latest timings only', () => {
    const fake = fakeHost();
    const timer = new SearchTimer(fake.host);
    timer.keystroke('r');
    timer.keystroke('re');
    timer.keystroke('red');
    timer.keystroke('re');
    expect(fake.marks).toEqual([
      `${KEYSTROKE_MARK}:r`,
      `${KEYSTROKE_MARK}:red`,
      `${KEYSTROKE_MARK}:re`,
    ]);
    timer.rendered('red');
    expect(fake.marks).toEqual([`${KEYSTROKE_MARK}:re`]);
    timer.forget();
    expect(fake.marks).toEqual([]);
    expect(timer.pending).toBe(0);

    for (let n = 0; n < KEPT_TIMINGS + 5; n += 1) {
      timer.keystroke(`q${n}`);
      timer.rendered(`q${n}`);
      fake.paint();
    }
    expect(fake.timings).toHaveLength(KEPT_TIMINGS);
    expect(fake.timings[0]?.text).toBe('q5');
    expect(fake.timings.at(-1)?.text).toBe(`q${KEPT_TIMINGS + 4}`);
    expect(fake.marks).toEqual([]);
  });

  it('marks each keystroke and records the time to the paint of its results', () => {
    const fake = fakeHost();
    const timer = new SearchTimer(fake.host);
    timer.keystroke('my');
    expect(fake.marks).toEqual([`${KEYSTROKE_MARK}:my`]);
    fake.advance(30);
    timer.rendered('my');
    expect(fake.timings).toEqual([]);
    fake.advance(12);
    fake.paint();
    expect(fake.timings).toEqual([{ text: 'my', ms: 42, answered_ms: null, rendered_ms: 30 }]);
  });

  it('splits the time into the round trip, the DOM update and the wait for the paint', () => {
    const fake = fakeHost();
    const timer = new SearchTimer(fake.host);
    timer.keystroke('my');
    fake.advance(8);
    timer.answered('other');
    timer.answered(' my ');
    fake.advance(3);
    timer.rendered('my');
    fake.advance(16);
    fake.paint();
    expect(fake.timings).toEqual([{ text: 'my', ms: 27, answered_ms: 8, rendered_ms: 11 }]);
  });

  it('forgets texts whose results were superseded, and ignores renders nobody typed', () => {
    const fake = fakeHost();
    const timer = new SearchTimer(fake.host);
    timer.keystroke('m');
    fake.advance(5);
    timer.keystroke('my');
    fake.advance(5);
    timer.keystroke('mys');
    fake.advance(20);
    timer.rendered('my');
    fake.paint();
    expect(fake.timings).toEqual([{ text: 'my', ms: 25, answered_ms: null, rendered_ms: 25 }]);
    expect(timer.pending).toBe(1);
    timer.rendered('other');
    timer.rendered('my');
    fake.paint();
    expect(fake.timings).toHaveLength(1);
    timer.rendered('mys');
    fake.paint();
    expect(fake.timings.at(-1)).toMatchObject({ text: 'mys', ms: 20 });
    expect(timer.pending).toBe(0);
  });

  it('measures from the latest keystroke of a text typed twice', () => {
    const fake = fakeHost();
    const timer = new SearchTimer(fake.host);
    timer.keystroke('a');
    fake.advance(100);
    timer.keystroke('ab');
    timer.keystroke('a ');
    fake.advance(10);
    timer.rendered('a');
    fake.paint();
    expect(fake.timings).toMatchObject([{ text: 'a', ms: 10 }]);
  });

  it('starts the clock at the input event, not when its handler ran', () => {
    const fake = fakeHost();
    const timer = new SearchTimer(fake.host);
    fake.advance(100);
    // The event happened at 70; its handler runs at 100.
    timer.keystroke('crm', 70);
    fake.advance(15);
    timer.rendered('crm');
    fake.paint();
    expect(fake.timings).toMatchObject([{ text: 'crm', ms: 45 }]);
  });

  it('does not trust a timestamp from the future or from another clock', () => {
    const fake = fakeHost();
    const timer = new SearchTimer(fake.host);
    fake.advance(100);
    timer.keystroke('a', 1_700_000_000_000);
    timer.keystroke('ab', 0);
    fake.advance(20);
    timer.rendered('a');
    timer.rendered('ab');
    fake.paint();
    expect(fake.timings).toMatchObject([
      { text: 'a', ms: 20 },
      { text: 'ab', ms: 20 },
    ]);
  });

  it('pushes onto window.__kgSearchTimings after a frame, creating it on first use', async () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'setTimeout', 'performance'] });
    const mark = vi.spyOn(performance, 'mark');
    expect(window.__kgSearchTimings).toBeUndefined();
    const timer = new SearchTimer(browserHost);
    timer.keystroke('crm');
    expect(mark).toHaveBeenCalledWith(`${KEYSTROKE_MARK}:crm`, {
      startTime: expect.any(Number),
    });
    timer.rendered('crm');
    expect(window.__kgSearchTimings).toBeUndefined();
    await vi.advanceTimersByTimeAsync(40);
    expect(window.__kgSearchTimings).toMatchObject([{ text: 'crm', ms: expect.any(Number) }]);
    expect(window.__kgSearchTimings?.[0]?.ms).toBeGreaterThan(0);
  });
});
