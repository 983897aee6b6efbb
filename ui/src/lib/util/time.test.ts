import { describe, expect, it, vi } from 'vitest';
import { formatDay, formatInstant, formatInstantsIn } from './time';

describe('instants in the buyer’s time zone', () => {
  it('R-MT-4: shows a term end in the buyer’s time zone, at 23:59', () => {
    expect(formatInstant('2026-12-26T04:59:59Z', 'America/New_York')).toBe('2026-12-25 23:59');
    expect(formatInstant('2026-12-25T15:59:59Z', 'Asia/Singapore')).toBe('2026-12-25 23:59');
  });

  it('shows the local day on either side of midnight UTC', () => {
    expect(formatInstant('2026-03-01T20:30:00Z', 'Asia/Shanghai')).toBe('2026-03-02 04:30');
    expect(formatInstant('2026-03-02T03:00:00Z', 'America/Los_Angeles')).toBe('2026-03-01 19:00');
    expect(formatInstant('2026-03-02T03:00:00Z', 'UTC')).toBe('2026-03-02 03:00');
  });

  it('names the day an instant falls on in the buyer’s time zone', () => {
    expect(formatDay('2026-12-05T20:00:00Z', 'Asia/Tokyo')).toBe('6 Dec 2026');
    expect(formatDay('2026-12-05T20:00:00Z', 'America/Los_Angeles')).toBe('5 Dec 2026');
    // 23:59:59 on 31 December in New York is 04:59:59 on 1 January UTC.
    expect(formatDay('2027-01-01T04:59:59Z', 'America/New_York')).toBe('31 Dec 2026');
    expect(formatDay('not a time', 'UTC')).toBe('not a time');
  });

  it('leaves what is not a time, or a zone it cannot read, as it came', () => {
    expect(formatInstant('not a time', 'UTC')).toBe('not a time');
    expect(formatInstant('2026-03-02T03:00:00Z', 'Atlantis/Lost')).toBe('2026-03-02T03:00:00Z');
  });

  it('shows the times inside a sentence from the core, and nothing else', () => {
    expect(
      formatInstantsIn(
        'Unsubscribed by the standard rules on 2026-03-06T22:30:00Z: 53.00 refunded.',
        'Asia/Shanghai',
      ),
    ).toBe('Unsubscribed by the standard rules on 2026-03-07 06:30: 53.00 refunded.');
    expect(formatInstantsIn('From 2026-03-06T10:01:00+00:00 on.', 'America/Los_Angeles')).toBe(
      'From 2026-03-06 02:01 on.',
    );
    expect(formatInstantsIn('No time here: 53.00 refunded.', 'UTC')).toBe(
      'No time here: 53.00 refunded.',
    );
  });
});

describe('formatters', () => {
  it('are made once per time zone, however many instants are shown', () => {
    const made = vi.spyOn(Intl, 'DateTimeFormat');
    for (let minute = 0; minute < 100; minute++) {
      formatInstant(new Date(Date.UTC(2026, 11, 1, 9, minute)).toISOString(), 'Pacific/Chatham');
    }
    expect(made).toHaveBeenCalledTimes(1);
    made.mockRestore();
  });

  it('stay right for each zone past the number kept', () => {
    const zones = Intl.supportedValuesOf('timeZone').slice(0, 40);
    const at = '2026-07-01T12:00:00Z';
    const first = zones.map((zone) => formatInstant(at, zone));
    expect(zones.map((zone) => formatInstant(at, zone))).toEqual(first);
    expect(formatInstant(at, 'Asia/Shanghai')).toBe('2026-07-01 20:00');
    expect(formatInstant(at, 'America/Los_Angeles')).toBe('2026-07-01 05:00');
  });
});
