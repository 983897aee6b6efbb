import { describe, expect, it } from 'vitest';
import { messageTarget } from './link';

describe('messageTarget', () => {
  it('leads to the flow, the subscription, the invoices or the tickets', () => {
    expect(messageTarget({ to: 'flow', order_id: 7 }, 7)).toEqual({
      href: '#/supervision/7',
      label: 'Service flow of order #7',
    });
    expect(messageTarget({ to: 'subscription', id: 12 }, 31)).toEqual({
      href: '#/billing/renewals/12',
      label: 'Subscription of order #31',
    });
    expect(messageTarget({ to: 'subscription', id: 12 }, null).label).toBe('Subscription');
    expect(messageTarget({ to: 'invoices' }, 4)).toEqual({
      href: '#/billing/invoices',
      label: 'Your invoices',
    });
    expect(messageTarget({ to: 'tickets' }, 4)).toEqual({
      href: '#/billing/tickets',
      label: 'Your service tickets',
    });
  });
});
