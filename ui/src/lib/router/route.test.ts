import { describe, expect, it } from 'vitest';
import {
  buildHash,
  EMPTY_FILTERS,
  hasFilters,
  parseHash,
  parseProductSpec,
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

describe('parseProductSpec', () => {
  const none = { edition: null, billing: null, period: null, duration: null, users: null };

  it('reads the configuration a product page preselects', () => {
    expect(
      parseProductSpec(
        new URLSearchParams(
          'edition=professional&billing=yearly_monthly&period=year&duration=3&users=25',
        ),
      ),
    ).toEqual({
      edition: 'professional',
      billing: 'yearly_monthly',
      period: 'year',
      duration: 3,
      users: 25,
    });
  });

  it.each([
    ['', none],
    ['billing=rental&period=week', none],
    ['duration=0&users=-4', none],
    ['duration=2.5&users=1e3', none],
    ['duration=%2B3&users=%203%20', { ...none, users: 3 }],
    ['edition=%20%20&users=10000', { ...none, users: 10000 }],
  ])('drops what it does not know in "%s"', (query, spec) => {
    expect(parseProductSpec(new URLSearchParams(query))).toEqual(spec);
  });

  it('is part of the product route only when the URL sets something', () => {
    expect(parseHash('#/products/crm-saas?colour=red')).toEqual({
      name: 'product',
      id: 'crm-saas',
    });
    expect(parseHash('#/products/crm-saas?users=25&edition=professional')).toEqual({
      name: 'product',
      id: 'crm-saas',
      spec: { ...none, edition: 'professional', users: 25 },
    });
  });

  it('round-trips through the product hash', () => {
    const route: Route = {
      name: 'product',
      id: 'crm-saas',
      spec: { edition: 'pro', billing: 'pay_per_use', period: 'hour', duration: 1, users: null },
    };
    expect(buildHash(route)).toBe(
      '#/products/crm-saas?edition=pro&billing=pay_per_use&period=hour&duration=1',
    );
    expect(parseHash(buildHash(route))).toEqual(route);
  });
});
