import { describe, expect, it } from 'vitest';
import { flavours } from '../testing/fixtures';
import { flavourLabel, formatInstant } from './format';

describe('cloud formats', () => {
  it('R-MT-4: shows a term end in the buyer’s time zone, at 23:59', () => {
    expect(formatInstant('2026-12-26T04:59:59Z', 'America/New_York')).toBe('2026-12-25 23:59');
    expect(formatInstant('2026-12-25T15:59:59Z', 'Asia/Singapore')).toBe('2026-12-25 23:59');
    expect(formatInstant('not a time', 'UTC')).toBe('not a time');
  });

  it('prices a flavour for the billing mode chosen', () => {
    expect(flavourLabel(flavours[1]!, 'pay_per_use')).toBe(
      's6.large.2 · 2 vCPUs | 4 GiB · $0.08/hour',
    );
    expect(flavourLabel(flavours[1]!, 'yearly_monthly')).toBe(
      's6.large.2 · 2 vCPUs | 4 GiB · $40.00/month',
    );
  });
});
