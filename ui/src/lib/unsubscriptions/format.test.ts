import { describe, expect, it } from 'vitest';
import { amountError, combinedReason, contactWords, reasonError } from './format';

describe('R-UNS-3: the negotiated refund', () => {
  it.each([
    ['0.01', null],
    ['300', null],
    ['599.99', null],
    ['600', null],
    ['600.00', null],
    [' 25.5 ', null],
    ['', 'Enter the refund you agreed with the seller.'],
    ['0', 'The refund must be more than $0.00.'],
    ['0.00', 'The refund must be more than $0.00.'],
    ['-5', 'The refund must be more than $0.00.'],
    ['600.01', 'The refund can be at most $600.00, what you paid for this order.'],
    ['1000', 'The refund can be at most $600.00, what you paid for this order.'],
    ['12.345', 'Enter an amount like 100 or 25.50 (at most 2 decimals).'],
    ['1,000', 'Enter an amount like 100 or 25.50 (at most 2 decimals).'],
    ['ten', 'Enter an amount like 100 or 25.50 (at most 2 decimals).'],
  ])('%j of $600.00 paid: %s', (amount, error) => {
    expect(amountError(amount, '600.00')).toBe(error);
  });

  it('is compared digit by digit, whatever its size', () => {
    expect(amountError('12345678901234567.89', '12345678901234567.89')).toBeNull();
    expect(amountError('12345678901234567.90', '12345678901234567.89')).not.toBeNull();
  });
});

describe('the reason', () => {
  it('is the choice, then the buyer’s own words', () => {
    expect(combinedReason('No longer needed', '')).toBe('No longer needed');
    expect(combinedReason('No longer needed', '  we moved to another CRM ')).toBe(
      'No longer needed: we moved to another CRM',
    );
    expect(combinedReason('Other', 'the budget was cut')).toBe('the budget was cut');
  });

  it('needs a choice, and words when the choice is Other', () => {
    expect(reasonError('', 'words')).toBe('Choose a reason.');
    expect(reasonError('Other', '  ')).toBe('Say in a few words why you unsubscribe.');
    expect(reasonError('Other', 'the budget was cut')).toBeNull();
    expect(reasonError('Bought by mistake', '')).toBeNull();
  });
});

describe('the contact a buyer shares', () => {
  it('is its email and mobile, or not shared', () => {
    expect(contactWords({ email: 'dana@acme.example', mobile: '+65 8123 4567' })).toBe(
      'dana@acme.example · +65 8123 4567',
    );
    expect(contactWords(null)).toBe('Not shared');
  });
});
