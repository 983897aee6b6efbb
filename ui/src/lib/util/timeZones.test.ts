import { afterEach, describe, expect, it, vi } from 'vitest';
import { timeZones } from './timeZones';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the time zones a buyer can choose from', () => {
  it('are the webview’s IANA zones, sorted, with UTC and the account’s own', () => {
    vi.spyOn(Intl, 'supportedValuesOf').mockReturnValue(['Europe/Berlin', 'Asia/Tokyo']);
    expect(timeZones('America/New_York')).toEqual([
      'America/New_York',
      'Asia/Tokyo',
      'Europe/Berlin',
      'UTC',
    ]);
  });

  it('fall back to a short list where the webview cannot list them', () => {
    vi.spyOn(Intl, 'supportedValuesOf').mockImplementation(() => {
      throw new RangeError('unsupported');
    });
    const zones = timeZones();
    expect(zones).toContain('UTC');
    expect(zones).toContain('Europe/Berlin');
    expect(zones.length).toBeLessThan(30);
  });
});
