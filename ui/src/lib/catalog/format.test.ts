import { describe, expect, it } from 'vitest';
import type { PricePlan, PriceTier } from '../api';
import {
  billingLabel,
  deliveryLabel,
  formatCount,
  formatDate,
  formatDuration,
  formatFileSize,
  formatMoney,
  formatPlanPrice,
  formatSignedMoney,
  formatStartingPrice,
  formatTier,
  formatTierRange,
  initials,
  paragraphs,
  pricingExplanation,
} from './format';

describe('formatMoney', () => {
  it.each([
    ['29.00', '$29.00'],
    ['29', '$29.00'],
    ['29.5', '$29.50'],
    ['0.12', '$0.12'],
    ['0.125', '$0.125'],
    ['1200.00', '$1,200.00'],
    ['1234567.89', '$1,234,567.89'],
    ['007.10', '$7.10'],
    ['-5.00', '-$5.00'],
    // Text the core should never send is shown, not hidden or turned into NaN.
    ['abc', '$abc'],
  ])('%s → %s', (amount, shown) => {
    expect(formatMoney(amount)).toBe(shown);
  });

  it('keeps digits a float would lose', () => {
    expect(formatMoney('90071992547409930.01')).toBe('$90,071,992,547,409,930.01');
  });
});

describe('formatStartingPrice', () => {
  it.each([
    [{ amount: '29.00', period: 'month', per_user: false }, 'From $29.00 / month'],
    [{ amount: '0.12', period: 'hour', per_user: false }, 'From $0.12 / hour'],
    [{ amount: '8.00', period: 'month', per_user: true }, 'From $8.00 / user / month'],
    [{ amount: '960', period: 'year', per_user: false }, 'From $960.00 / year'],
  ] as const)('%j', (price, shown) => {
    expect(formatStartingPrice(price)).toBe(shown);
  });

  it('says so when there is no price', () => {
    expect(formatStartingPrice(null)).toBe('Price on request');
  });
});

describe('tiers', () => {
  const tier = (from: number, to: number | null, price = '12.00'): PriceTier => ({
    from_users: from,
    to_users: to,
    unit_price: price,
  });

  it.each([
    [tier(1, 10), '1–10 users'],
    [tier(11, 50), '11–50 users'],
    [tier(51, null), '51+ users'],
    [tier(1, 1), '1 user'],
    [tier(5, 5), '5 users'],
  ])('range %j → %s', (value, shown) => {
    expect(formatTierRange(value)).toBe(shown);
  });

  it('reads a tier with its unit price', () => {
    expect(formatTier(tier(1, 10, '12.00'))).toBe('1–10 users: $12.00');
    expect(formatTier(tier(51, null, '8'))).toBe('51+ users: $8.00');
  });

  it('explains tiered and volume pricing', () => {
    expect(pricingExplanation('tiered')).toBe("Tiered: each tier's users pay that tier's price");
    expect(pricingExplanation('volume')).toBe(
      'Volume: all users pay the price of the tier the total falls in',
    );
  });
});

describe('formatPlanPrice', () => {
  const plan = (change: Partial<PricePlan>): PricePlan => ({
    billing: 'yearly_monthly',
    period: 'month',
    pricing: 'flat',
    price: '29.00',
    tiers: [],
    ...change,
  });

  it('shows a flat price per period', () => {
    expect(formatPlanPrice(plan({}))).toBe('$29.00 / month');
    expect(formatPlanPrice(plan({ billing: 'pay_per_use', period: 'hour', price: '0.12' }))).toBe(
      '$0.12 / hour',
    );
  });

  it('shows a linear price per user', () => {
    expect(formatPlanPrice(plan({ pricing: 'linear', price: '6.00' }))).toBe(
      '$6.00 / user / month',
    );
  });

  it('has no single price for tiered and volume plans', () => {
    expect(formatPlanPrice(plan({ pricing: 'tiered', price: null }))).toBeNull();
    expect(formatPlanPrice(plan({ pricing: 'volume', price: null }))).toBeNull();
  });

  it('does not invent a price that is missing', () => {
    expect(formatPlanPrice(plan({ price: null }))).toBe('Price on request');
  });
});

describe('labels', () => {
  it.each([
    ['image', 'Image'],
    ['saas', 'SaaS'],
    ['license', 'License'],
    ['professional_service', 'Professional service'],
    ['hardware', 'Hardware'],
    ['content_service', 'Content service'],
    ['consulting_service', 'Consulting service'],
    ['cloud_host', 'Cloud host'],
  ] as const)('delivery %s → %s', (method, label) => {
    expect(deliveryLabel(method)).toBe(label);
  });

  it('names the billing modes', () => {
    expect(billingLabel('pay_per_use')).toBe('Pay-per-use');
    expect(billingLabel('yearly_monthly')).toBe('Yearly/Monthly');
  });

  it('counts in words', () => {
    expect(formatCount(1, 'result')).toBe('1 result');
    expect(formatCount(1234, 'result')).toBe('1,234 results');
    expect(formatCount(0, 'product')).toBe('0 products');
  });
});

describe('other values', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [2048, '2 KB'],
    [2_516_582, '2.4 MB'],
    [15 * 1024 * 1024, '15 MB'],
    [3 * 1024 ** 3, '3 GB'],
  ])('file size %d → %s', (bytes, shown) => {
    expect(formatFileSize(bytes)).toBe(shown);
  });

  it('formats a date without time zone surprises', () => {
    expect(formatDate('2024-03-15')).toBe('15 Mar 2024');
    expect(formatDate('2023-11-02T00:00:00Z')).toBe('2 Nov 2023');
    expect(formatDate('soon')).toBe('soon');
  });

  it('splits a description on blank lines', () => {
    expect(paragraphs('One\nstill one\n\n  Two  \n \n\n\nThree\r\n\r\nFour')).toEqual([
      'One\nstill one',
      'Two',
      'Three',
      'Four',
    ]);
    expect(paragraphs('   ')).toEqual([]);
  });

  it('makes initials for a missing logo', () => {
    expect(initials('Orbit CRM')).toBe('OC');
    expect(initials('mysql')).toBe('M');
    expect(initials('(ACME) — tools & more')).toBe('AT');
    expect(initials('')).toBe('?');
  });
});

describe('formatSignedMoney', () => {
  it.each([
    ['-58.00', '\u2212$58.00'],
    ['-1234.5', '\u2212$1,234.50'],
    ['348.00', '$348.00'],
    ['0.00', '$0.00'],
  ])('%s reads %s', (amount, shown) => {
    expect(formatSignedMoney(amount)).toBe(shown);
  });
});

describe('formatDuration', () => {
  it.each([
    [1, 'month', '1 month'],
    [3, 'month', '3 months'],
    [2, 'year', '2 years'],
    [1, 'hour', '1 hour'],
  ] as const)('%i %s', (count, period, shown) => {
    expect(formatDuration(count, period)).toBe(shown);
  });
});
