import { describe, expect, it } from 'vitest';
import { formatWhole } from './numbers';

describe('formatWhole', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1,000'],
    [27261, '27,261'],
    [100000, '100,000'],
    [1234567, '1,234,567'],
    [-1500, '-1,500'],
    [2.5, '3'],
    [-2.5, '-3'],
    [999.5, '1,000'],
    [0.4, '0'],
    [-0.4, '0'],
    [-0, '0'],
  ])('shows %d as %s', (count, shown) => {
    expect(formatWhole(count)).toBe(shown);
  });

  it('groups every count as the en-US number format does', () => {
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const counts = [1, 12, 123, 1234, 12345, 123456, 1234567, 9_007_199_254_740_991];
    for (let i = 0; i < 2000; i++) {
      const magnitude = 10 ** (next() % 13);
      const count = ((next() % 2000) - 1000) * magnitude + (next() % 4) / 4;
      counts.push(count, -count);
    }
    for (const count of counts) {
      const negativeNone = (count < 0 || Object.is(count, -0)) && Math.round(-count) === 0;
      if (negativeNone) continue; // "0" here, "-0" there
      expect(formatWhole(count), String(count)).toBe(intl.format(count));
    }
  });
});
