import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../router/route';
import {
  activeFilterChips,
  compareDecimal,
  effectiveSort,
  filterOptions,
  formatPriceRange,
  priceRangeError,
  requestProductHref,
  sortOptions,
  topSellers,
  type FilterOption,
} from './filters';

const known = [
  { value: 'image', label: 'Image' },
  { value: 'saas', label: 'SaaS' },
  { value: 'hardware', label: 'Hardware' },
];

describe('filterOptions', () => {
  it('lists the known values without counts when there are no facets', () => {
    expect(filterOptions(null, 'saas', known).map((o) => [o.label, o.count, o.selected])).toEqual([
      ['Image', null, false],
      ['SaaS', null, true],
      ['Hardware', null, false],
    ]);
  });

  it('hides values that would leave nothing, unless selected', () => {
    const facet = [
      { value: 'image', label: 'image', count: 28 },
      { value: 'saas', label: 'saas', count: 0 },
      { value: 'hardware', label: 'hardware', count: 0 },
    ];
    const options = filterOptions(facet, 'hardware', known, (value) =>
      value === 'image' ? 'Image' : value === 'hardware' ? 'Hardware' : value,
    );
    expect(options.map((o) => `${o.label}:${o.count}`)).toEqual(['Image:28', 'Hardware:0']);
  });

  it('keeps a selected value the facet does not mention', () => {
    const options = filterOptions([{ value: 'image', label: 'Image', count: 3 }], 'saas', known);
    expect(options.at(-1)).toEqual({ value: 'saas', label: 'SaaS', count: 0, selected: true });
  });
});

describe('topSellers', () => {
  const sellers: FilterOption[] = Array.from({ length: 12 }, (_, i) => ({
    value: `s${i}`,
    label: `Seller ${i}`,
    count: i + 1,
    selected: i === 0,
  }));

  it('shows the ten with most products, and the selected one', () => {
    const top = topSellers(sellers, false);
    expect(top.map((s) => s.count)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 1]);
    expect(topSellers(sellers, true)).toHaveLength(12);
  });
});

describe('sort', () => {
  it('offers relevance only with text', () => {
    expect(sortOptions('').map((o) => o.value)).toEqual([
      'popularity',
      'price_asc',
      'price_desc',
      'newest',
    ]);
    expect(sortOptions('crm')[0]).toEqual({ value: 'relevance', label: 'Relevance' });
  });

  it('falls back to the default order', () => {
    expect(effectiveSort(EMPTY_FILTERS)).toBe('popularity');
    expect(effectiveSort({ ...EMPTY_FILTERS, sort: 'relevance' })).toBe('popularity');
    expect(effectiveSort({ ...EMPTY_FILTERS, q: 'crm' })).toBe('relevance');
    expect(effectiveSort({ ...EMPTY_FILTERS, q: 'crm', sort: 'newest' })).toBe('newest');
  });
});

describe('price range', () => {
  it.each([
    ['10', '9.99', 1],
    ['9.5', '9.50', 0],
    ['0', '0.01', -1],
    ['100', '20', 1],
    ['007', '7.00', 0],
    ['1234567890123456789', '1234567890123456790', -1],
  ])('compares %s and %s as decimals', (a, b, expected) => {
    expect(compareDecimal(a, b)).toBe(expected);
  });

  it('explains what is wrong', () => {
    expect(priceRangeError('', '')).toBeNull();
    expect(priceRangeError('10', '')).toBeNull();
    expect(priceRangeError(' 10 ', '10.00')).toBeNull();
    expect(priceRangeError('-1', '')).toBe('Enter an amount of 0 or more.');
    expect(priceRangeError('', '1.999')).toBe(
      'Enter an amount like 10 or 9.99 (at most 2 decimals).',
    );
    expect(priceRangeError('20', '10')).toBe('“From” must not be more than “to”.');
  });

  it('reads as money per month', () => {
    expect(formatPriceRange('10', '99.5')).toBe('$10.00–$99.50 / month');
    expect(formatPriceRange('10', null)).toBe('From $10.00 / month');
    expect(formatPriceRange(null, '1000')).toBe('Up to $1,000.00 / month');
  });
});

describe('activeFilterChips', () => {
  it('names each filter, removing a category with its sub-category', () => {
    const chips = activeFilterChips(
      {
        ...EMPTY_FILTERS,
        category: 'business',
        sub_category: 'crm',
        supervised: true,
        sort: 'newest',
      },
      { category: 'Business software', sub_category: 'CRM' },
    );
    expect(chips.map((c) => c.label)).toEqual(['Business software', 'CRM', 'Supervised']);
    expect(chips[0]?.remove).toEqual({ category: null, sub_category: null });
  });
});

describe('requestProductHref', () => {
  it('carries the search text', () => {
    expect(requestProductHref('graph db & co')).toBe('#/requirements/new?q=graph+db+%26+co');
    expect(requestProductHref('  ')).toBe('#/requirements/new');
  });
});
