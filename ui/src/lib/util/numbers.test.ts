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
  ])('shows %d as %s', (count, shown) => {
    expect(formatWhole(count)).toBe(shown);
  });
});
