import { describe, expect, it } from 'vitest';
import type { StatusCount } from '../api';
import { noOrdersWords, ordersSummary } from './format';

const counts = (
  pending_payment: number,
  paid: number,
  processing: number,
  completed: number,
  cancelled: number,
): StatusCount[] => [
  { status: 'pending_payment', count: pending_payment },
  { status: 'paid', count: paid },
  { status: 'processing', count: processing },
  { status: 'completed', count: completed },
  { status: 'cancelled', count: cancelled },
];

describe('orders in words', () => {
  it('sums up every order by the statuses that hold some, in the order of their life', () => {
    expect(ordersSummary(10_015, counts(0, 0, 12, 9900, 103))).toBe(
      '10,015 orders: 12 processing, 9,900 completed, 103 cancelled',
    );
    expect(ordersSummary(3, counts(1, 0, 0, 2, 0))).toBe(
      '3 orders: 1 pending payment, 2 completed',
    );
    expect(ordersSummary(1, counts(0, 1, 0, 0, 0))).toBe('1 order: 1 paid');
    expect(ordersSummary(0, counts(0, 0, 0, 0, 0))).toBe('0 orders');
  });

  it('names a status that holds no orders', () => {
    expect(noOrdersWords('cancelled')).toBe('No cancelled orders');
    expect(noOrdersWords('pending_payment')).toBe('No orders pending payment');
    expect(noOrdersWords(null)).toBe('No orders');
  });
});
