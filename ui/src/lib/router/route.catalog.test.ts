/** The catalog's routes: search filters and refinements in the address, and a product's specification. */
import { describe, expect, it } from 'vitest';
import {
  buildHash,
  EMPTY_FILTERS,
  hasFilters,
  isPriceBound,
  parseHash,
  parseProductSpec,
  searchHref,
  type Route,
} from './route';

describe('hasFilters', () => {
  it('does not count the text as a filter', () => {
    expect(hasFilters({ ...EMPTY_FILTERS, q: 'mysql' })).toBe(false);
    expect(hasFilters({ ...EMPTY_FILTERS, delivery: 'saas' })).toBe(true);
  });
});

describe('search refinements in the URL', () => {
  const everything = {
    q: 'mysql',
    category: 'infrastructure',
    sub_category: 'databases-cache',
    delivery: 'image',
    billing: 'pay_per_use',
    seller: 'dataforge',
    supervised: false,
    operating_system: 'Ubuntu 22.04 LTS 64-bit',
    min_price: '10',
    max_price: '99.50',
    sort: 'price_asc',
  } as const;

  it('reads seller, supervision, operating system, price range and sort', () => {
    expect(
      parseHash(
        '#/search?seller=dataforge&supervised=true&os=CentOS%207.9&min_price=0&max_price=12.5&sort=newest',
      ),
    ).toEqual({
      name: 'search',
      filters: {
        ...EMPTY_FILTERS,
        seller: 'dataforge',
        supervised: true,
        operating_system: 'CentOS 7.9',
        min_price: '0',
        max_price: '12.5',
        sort: 'newest',
      },
    });
  });

  it('writes every parameter in a stable order', () => {
    expect(searchHref(everything)).toBe(
      '#/search?q=mysql&category=infrastructure&sub_category=databases-cache&delivery=image' +
        '&billing=pay_per_use&seller=dataforge&supervised=false&os=Ubuntu+22.04+LTS+64-bit' +
        '&min_price=10&max_price=99.50&sort=price_asc',
    );
  });

  it.each([
    { seller: 'orbit soft & co' },
    { supervised: true },
    { supervised: false },
    { operating_system: 'Windows Server 2022 Datacenter 64-bit' },
    { min_price: '0' },
    { max_price: '1200.00' },
    { min_price: '5.5', max_price: '20' },
    { sort: 'relevance' },
    { sort: 'popularity' },
    { sort: 'price_asc' },
    { sort: 'price_desc' },
    { sort: 'newest' },
    everything,
  ] as const)('round-trips %j', (change) => {
    const route: Route = { name: 'search', filters: { ...EMPTY_FILTERS, ...change } };
    expect(parseHash(buildHash(route))).toEqual(route);
  });

  it('drops values it cannot use', () => {
    expect(
      parseHash(
        '#/search?seller=%20&supervised=yes&os=&min_price=-1&max_price=1.234&sort=cheapest',
      ),
    ).toEqual({ name: 'search', filters: EMPTY_FILTERS });
    expect(parseHash('#/search?min_price=abc&max_price=1e3')).toEqual({
      name: 'search',
      filters: EMPTY_FILTERS,
    });
  });

  it('counts refinements as filters, but not the sort order', () => {
    expect(hasFilters({ ...EMPTY_FILTERS, sort: 'price_desc' })).toBe(false);
    expect(hasFilters({ ...EMPTY_FILTERS, seller: 'dataforge' })).toBe(true);
    expect(hasFilters({ ...EMPTY_FILTERS, supervised: false })).toBe(true);
    expect(hasFilters({ ...EMPTY_FILTERS, max_price: '10' })).toBe(true);
  });

  it.each([
    ['0', true],
    ['10', true],
    ['9.5', true],
    ['9.50', true],
    ['-1', false],
    ['1.234', false],
    ['1e3', false],
    ['', false],
    [' 1', false],
    ['1.', false],
    ['.5', false],
  ])('accepts %j as a price bound: %s', (value, ok) => {
    expect(isPriceBound(value)).toBe(ok);
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
