import { describe, expect, it } from 'vitest';
import {
  buildHash,
  EMPTY_FILTERS,
  hasFilters,
  parseHash,
  productHref,
  searchHref,
  type Route,
} from './route';

describe('parseHash', () => {
  it.each([
    ['', { name: 'home' }],
    ['#', { name: 'home' }],
    ['#/', { name: 'home' }],
    ['#/products/orbit-crm', { name: 'product', id: 'orbit-crm' }],
    ['#/products/a%2Fb%20c', { name: 'product', id: 'a/b c' }],
    ['#/search', { name: 'search', filters: EMPTY_FILTERS }],
  ] satisfies [string, Route][])('%s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
  });

  it('reads every filter from the query string', () => {
    expect(
      parseHash(
        '#/search?q=mysql%20ha&category=infrastructure&sub_category=databases-cache&delivery=saas&billing=pay_per_use',
      ),
    ).toEqual({
      name: 'search',
      filters: {
        q: 'mysql ha',
        category: 'infrastructure',
        sub_category: 'databases-cache',
        delivery: 'saas',
        billing: 'pay_per_use',
      },
    });
  });

  it('drops values it does not know instead of guessing', () => {
    expect(parseHash('#/search?delivery=teleport&billing=free&q=%20%20&category=')).toEqual({
      name: 'search',
      filters: EMPTY_FILTERS,
    });
  });

  it('ignores a sub-category without its category', () => {
    expect(parseHash('#/search?sub_category=crm')).toEqual({
      name: 'search',
      filters: EMPTY_FILTERS,
    });
  });

  it.each(['#/nowhere', '#/products', '#/products/a/b', '#/search/more', '#/products/%E0%A4%A'])(
    'treats %s as not found',
    (hash) => {
      expect(parseHash(hash).name).toBe('not_found');
    },
  );
});

describe('buildHash', () => {
  it.each([
    { name: 'home' },
    { name: 'product', id: 'orbit-crm' },
    { name: 'product', id: 'odd id/with?chars#' },
    { name: 'search', filters: EMPTY_FILTERS },
    { name: 'search', filters: { ...EMPTY_FILTERS, q: 'mysql & redis' } },
    {
      name: 'search',
      filters: {
        q: 'crm',
        category: 'business',
        sub_category: 'crm',
        delivery: 'saas',
        billing: 'yearly_monthly',
      },
    },
    { name: 'not_found', path: '/nowhere' },
  ] satisfies Route[])('round-trips %j', (route) => {
    expect(parseHash(buildHash(route))).toEqual(route);
  });

  it('writes only the filters that are set, in a stable order', () => {
    expect(searchHref({ billing: 'pay_per_use', q: 'mysql', delivery: 'image' })).toBe(
      '#/search?q=mysql&delivery=image&billing=pay_per_use',
    );
    expect(searchHref()).toBe('#/search');
    expect(buildHash({ name: 'home' })).toBe('#/');
  });

  it('never writes a sub-category without its category', () => {
    expect(searchHref({ sub_category: 'crm' })).toBe('#/search');
  });

  it('escapes product ids', () => {
    expect(productHref('a/b')).toBe('#/products/a%2Fb');
  });
});

describe('hasFilters', () => {
  it('does not count the text as a filter', () => {
    expect(hasFilters({ ...EMPTY_FILTERS, q: 'mysql' })).toBe(false);
    expect(hasFilters({ ...EMPTY_FILTERS, delivery: 'saas' })).toBe(true);
  });
});
