import { describe, expect, it } from 'vitest';
import { confirmText, instancesText, lineAmount, resultText } from './standard';
import { monthlyRefund } from './standardFixtures';

describe('standard unsubscription in words', () => {
  it('shows what is taken off with a minus', () => {
    expect(lineAmount('-9.10')).toBe('−$9.10');
    expect(lineAmount('69.00')).toBe('$69.00');
    expect(lineAmount('1234.50')).toBe('$1,234.50');
  });

  it('counts instances', () => {
    expect(instancesText(1)).toBe('1 ECS instance');
    expect(instancesText(2)).toBe('2 ECS instances');
  });

  it('asks the second time with the refund and what is deleted', () => {
    expect(confirmText(monthlyRefund)).toBe(
      'Unsubscribe from MySQL Image for a refund of $53.00 to the way you paid? ' +
        'Its 1 ECS instance and the image are deleted at once; this cannot be undone.',
    );
    expect(confirmText({ ...monthlyRefund, reference_only: true })).toContain(
      'settled with your reseller',
    );
  });

  it('tells the result', () => {
    expect(resultText({ ...monthlyRefund, unsubscribed: true })).toBe(
      'Unsubscribed: $53.00 is refunded to the way you paid; 1 ECS instance and the image released.',
    );
  });
});
