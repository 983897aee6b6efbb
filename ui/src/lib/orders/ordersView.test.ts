import { describe, expect, it } from 'vitest';
import { ordersViewQuery, parseOrdersView, type OrdersView } from './ordersView';

const parse = (query: string) => parseOrdersView(new URLSearchParams(query));

describe('the orders a screen shows, in its address', () => {
  it.each([
    ['', {}],
    ['status=completed', { status: 'completed' }],
    ['offset=20', { offset: 20 }],
    ['status=pending_payment&offset=40', { status: 'pending_payment', offset: 40 }],
  ] as const)('reads "%s" and writes it back', (query, view) => {
    expect(parse(query)).toStrictEqual(view);
    expect(ordersViewQuery(view)).toBe(query);
  });

  it.each([
    ['status=refunded', {}],
    ['status=COMPLETED&offset=20', { offset: 20 }],
    ['status=paid&offset=-20', { status: 'paid' }],
    ['offset=1.5', {}],
    ['offset=0', {}],
    ['offset=9999999999', {}],
  ] as const)('drops what it cannot read in "%s"', (query, view) => {
    expect(parse(query)).toStrictEqual(view);
  });

  it('leaves the defaults out, the status first', () => {
    const view: OrdersView = { offset: 20, status: 'cancelled' };
    expect(ordersViewQuery(view)).toBe('status=cancelled&offset=20');
    expect(ordersViewQuery({ status: undefined, offset: 0 })).toBe('');
  });
});
