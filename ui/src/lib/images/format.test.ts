import { describe, expect, it } from 'vitest';
import { flavours } from '../testing/fixtures';
import { flavourLabel } from './format';

describe('cloud formats', () => {
  it('prices a flavour for the billing mode chosen', () => {
    expect(flavourLabel(flavours[1]!, 'pay_per_use')).toBe(
      's6.large.2 · 2 vCPUs | 4 GiB · $0.08/hour',
    );
    expect(flavourLabel(flavours[1]!, 'yearly_monthly')).toBe(
      's6.large.2 · 2 vCPUs | 4 GiB · $40.00/month',
    );
  });
});
