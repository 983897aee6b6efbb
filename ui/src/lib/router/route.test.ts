import { describe, expect, it } from 'vitest';
import {
  buildHash,
  EMPTY_FILTERS,
  EMPTY_SELECTION,
  hasFilters,
  newRequirementHref,
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

describe('product pages with a specification to preselect', () => {
  it('reads each part of the specification from the query string', () => {
    expect(
      parseHash(
        '#/products/orbit-crm?edition=professional&billing=yearly_monthly&period=month&duration=3&users=25',
      ),
    ).toEqual({
      name: 'product',
      id: 'orbit-crm',
      selection: {
        edition: 'professional',
        billing: 'yearly_monthly',
        period: 'month',
        duration: 3,
        users: 25,
      },
    });
  });

  it('keeps what is valid, drops what is not, and adds nothing when nothing is named', () => {
    expect(
      parseHash('#/products/x?billing=rental&period=week&duration=0&users=2.5&edition=gold'),
    ).toEqual({
      name: 'product',
      id: 'x',
      selection: { ...EMPTY_SELECTION, edition: 'gold' },
    });
    expect(parseHash('#/products/x?duration=-1&users=1e3&period=')).toEqual({
      name: 'product',
      id: 'x',
    });
    expect(parseHash('#/products/x?utm=1')).toEqual({ name: 'product', id: 'x' });
  });

  it('builds the Buy link of a favourite, with users only when there are some', () => {
    expect(
      productHref('orbit-crm', {
        edition: 'professional',
        billing: 'yearly_monthly',
        period: 'month',
        duration: 3,
        users: 25,
      }),
    ).toBe(
      '#/products/orbit-crm?edition=professional&billing=yearly_monthly&period=month&duration=3&users=25',
    );
    expect(
      productHref('mysql 8/image', {
        edition: 'std & pro',
        billing: 'pay_per_use',
        period: 'hour',
        duration: 48,
        users: null,
      }),
    ).toBe(
      '#/products/mysql%208%2Fimage?edition=std+%26+pro&billing=pay_per_use&period=hour&duration=48',
    );
    expect(productHref('x', {})).toBe('#/products/x');
    expect(productHref('x')).toBe('#/products/x');
  });

  it('round-trips a selection', () => {
    const route: Route = {
      name: 'product',
      id: 'a b',
      selection: {
        edition: 'e/1',
        billing: 'pay_per_use',
        period: 'hour',
        duration: 8760,
        users: null,
      },
    };
    expect(parseHash(buildHash(route))).toEqual(route);
  });
});

describe('My KooGallery and requirement routes', () => {
  it.each([
    ['#/my/favorites', { name: 'my_favorites' }],
    ['#/my/requirements', { name: 'my_requirements' }],
    ['#/requirements/new', { name: 'new_requirement', q: '' }],
    ['#/requirements/new?q=%20fhir%20server%20', { name: 'new_requirement', q: 'fhir server' }],
  ] satisfies [string, Route][])('%s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
    expect(parseHash(buildHash(route))).toEqual(route);
  });

  it('builds the requirement form link with the search text', () => {
    expect(newRequirementHref('mysql & redis')).toBe('#/requirements/new?q=mysql+%26+redis');
    expect(newRequirementHref('  ')).toBe('#/requirements/new');
    expect(newRequirementHref()).toBe('#/requirements/new');
  });

  it.each(['#/my', '#/my/orders', '#/requirements', '#/requirements/old', '#/my/favorites/x'])(
    'treats %s as not found',
    (hash) => {
      expect(parseHash(hash).name).toBe('not_found');
    },
  );
});
