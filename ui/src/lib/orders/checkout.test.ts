import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../api';
import { crmDetail, postpaidAccount, prepaidAccount, resellerAccount } from '../testing/fixtures';
import { Checkout, newCheckoutKey } from './checkout.svelte';
import { paymentOptions } from './format';

const configuration = {
  product_id: 'orbit-crm',
  edition: 'team',
  billing: 'yearly_monthly',
  period: 'month',
  duration: 1,
  users: 5,
} as const;

describe('checkout keys', () => {
  it('are new for each checkout and fit the core’s rule', () => {
    const a = newCheckoutKey();
    expect(a).toMatch(/^checkout-[0-9a-f]{32}$/);
    expect(newCheckoutKey()).not.toBe(a);
  });
});

describe('payment options', () => {
  it('offer the balance, the cards and credit, or nothing, by kind of account', () => {
    expect(paymentOptions(prepaidAccount).map((o) => o.choice)).toEqual([{ method: 'balance' }]);
    expect(paymentOptions(postpaidAccount).map((o) => o.choice)).toEqual([
      { method: 'card', card_id: 1 },
      { method: 'card', card_id: 2 },
      { method: 'credit' },
    ]);
    expect(paymentOptions({ ...postpaidAccount, credit: null })).toHaveLength(2);
    expect(paymentOptions(resellerAccount)).toEqual([]);
  });
});

describe('Checkout', () => {
  it('R-BUY-3: a second Confirm while the first is on its way sends nothing', async () => {
    let calls = 0;
    let release!: () => void;
    const checkout = new Checkout(crmDetail, prepaidAccount, configuration, {
      quote: () => Promise.resolve({ lines: [], total: '40.00', per: 'for 1 month', note: null }),
      place: () => {
        calls += 1;
        return new Promise((resolve) => {
          release = () => resolve({} as never);
        });
      },
      newKey: () => 'k1',
    });
    await checkout.refreshQuote();
    checkout.acceptTerms = true;
    checkout.authorizeSeller = true;
    const first = checkout.confirm();
    expect(await checkout.confirm()).toBeNull();
    release();
    await first;
    expect(calls).toBe(1);
    expect(checkout.request.idempotency_key).toBe('k1');
  });

  it('keeps its key after a refusal that recorded nothing, and makes a new one after a decline', async () => {
    const keys = ['k1', 'k2'];
    const failures = [
      new ApiFailure('invalid_input', 'quantity: must be between 1 and 100'),
      new ApiFailure('payment_declined', 'the card was declined'),
    ];
    const sent: string[] = [];
    const checkout = new Checkout(crmDetail, prepaidAccount, configuration, {
      quote: () => Promise.resolve({ lines: [], total: '40.00', per: 'for 1 month', note: null }),
      place: (request) => {
        sent.push(request.idempotency_key);
        return Promise.reject(failures.shift());
      },
      newKey: () => keys.shift() ?? 'k?',
    });
    await checkout.refreshQuote();
    checkout.acceptTerms = true;
    checkout.authorizeSeller = true;
    await checkout.confirm();
    expect(checkout.error?.code).toBe('invalid_input');
    await checkout.confirm();
    expect(checkout.error?.code).toBe('payment_declined');
    expect(sent).toEqual(['k1', 'k1']);
    expect(checkout.request.idempotency_key).toBe('k2');
  });
});
