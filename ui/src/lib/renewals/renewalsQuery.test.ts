import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VIEW,
  lastPageOffset,
  nextOffset,
  parseRenewalsView,
  previousOffset,
  productText,
  renewalsQuery,
  renewalsViewQuery,
} from './renewalsQuery';

const parse = (query: string) => parseRenewalsView(new URLSearchParams(query));

describe('Renewals in the URL', () => {
  it('reads the tab, the text and the offset', () => {
    expect(parse('tab=grace&product=crm&offset=20')).toEqual({
      tab: 'grace',
      product: 'crm',
      offset: 20,
    });
    expect(parse('tab=auto_renew&product=%20Orbit%20CRM%20')).toEqual({
      tab: 'auto_renew',
      product: 'Orbit CRM',
      offset: 0,
    });
  });

  it('opens on All, every product, the first page by default', () => {
    expect(parse('')).toEqual(DEFAULT_VIEW);
  });

  it.each([
    'tab=lapsed',
    'tab=GRACE',
    'offset=-20',
    'offset=2.5',
    'offset=1e3',
    'offset=twenty',
    'offset=99999999999',
    `product=${'x'.repeat(201)}`,
    'product=%20%20',
  ])('falls back to the default for %s', (query) => {
    expect(parse(query)).toEqual(DEFAULT_VIEW);
  });

  it('keeps a text of 200 characters, counted as the backend counts them', () => {
    expect(parse(`product=${'é'.repeat(200)}`).product).toHaveLength(200);
    expect(productText('😀'.repeat(200))).toBe('😀'.repeat(200));
    expect(productText('😀'.repeat(201))).toBe('');
  });

  it('writes only what differs from the default, in a stable order', () => {
    expect(renewalsViewQuery(DEFAULT_VIEW)).toBe('');
    expect(renewalsViewQuery({ offset: 20, product: ' crm ', tab: 'grace' })).toBe(
      'tab=grace&product=crm&offset=20',
    );
    expect(renewalsViewQuery({ tab: 'all', product: 'a&b', offset: 0 })).toBe('product=a%26b');
  });

  it('reads back what it writes', () => {
    const view = { tab: 'manual', product: 'Vault & co', offset: 40 } as const;
    expect(parse(renewalsViewQuery(view))).toEqual(view);
  });
});

describe('Renewals asks', () => {
  it('for a page of 20, without an empty text', () => {
    expect(renewalsQuery(DEFAULT_VIEW)).toEqual({
      tab: 'all',
      product: null,
      offset: 0,
      limit: 20,
    });
    expect(renewalsQuery({ tab: 'grace', product: ' crm ', offset: 40 })).toEqual({
      tab: 'grace',
      product: 'crm',
      offset: 40,
      limit: 20,
    });
  });

  it('moves a page at a time, never before the first row', () => {
    expect(nextOffset(0, 20)).toBe(20);
    expect(previousOffset(40, 20)).toBe(20);
    expect(previousOffset(7, 20)).toBe(0);
  });

  it.each([
    [57, 40],
    [60, 40],
    [61, 60],
    [1, 0],
    [0, 0],
  ])('starts the last page of %i rows at %i', (total, offset) => {
    expect(lastPageOffset(total, 20)).toBe(offset);
  });
});
