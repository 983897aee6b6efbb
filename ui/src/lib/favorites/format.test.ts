import { describe, expect, it } from 'vitest';
import { crmFavorite, mysqlFavorite } from '../testing/fixtures';
import { buyHref, specWords } from './format';

describe('specWords', () => {
  it.each([
    [crmFavorite, 'Team · Yearly/Monthly · 3 months · 25 users'],
    [mysqlFavorite, 'Standard · Pay-per-use · 48 hours'],
    [
      { ...crmFavorite, spec: { ...crmFavorite.spec, period: 'year', duration: 1, users: 1 } },
      'Team · Yearly/Monthly · 1 year · 1 user',
    ],
  ] as const)('%#: %s', (favorite, words) => {
    expect(specWords(favorite)).toBe(words);
  });
});

describe('buyHref', () => {
  it('opens the product page with the saved specification', () => {
    expect(buyHref(crmFavorite)).toBe(
      '#/products/orbit-crm?edition=team&billing=yearly_monthly&period=month&duration=3&users=25',
    );
    expect(buyHref(mysqlFavorite)).toBe(
      '#/products/mysql-ha-image?edition=standard&billing=pay_per_use&period=hour&duration=48',
    );
  });
});
