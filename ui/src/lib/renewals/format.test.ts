import { describe, expect, it } from 'vitest';
import { formatInstant } from '../util/time';
import { active, cancelled, inGrace, manualRenewal, released } from './fixtures';
import {
  autoRenewWords,
  closedReason,
  daysLeftWords,
  durations,
  expired,
  noMatchWords,
  rangeText,
  renewable,
  renewalStatusWords,
  stateLabel,
  tabLabel,
  upgradable,
} from './format';
import { RENEWALS_TABS } from './renewalsQuery';

describe('days left', () => {
  it.each([
    [12, '12 days left'],
    [1, '1 day left'],
    [0, 'expires today'],
    [-1, 'expired 1 day ago'],
    [-3, 'expired 3 days ago'],
  ])('%i: %s', (days, words) => {
    expect(daysLeftWords(days)).toBe(words);
  });
});

describe('R-REN-1: states', () => {
  it('says what each state means for the buyer', () => {
    expect(
      (['active', 'grace', 'retention', 'released', 'cancelled'] as const).map(stateLabel),
    ).toEqual(['Active', 'Grace — usable', 'Retention — frozen', 'Released', 'Cancelled']);
  });

  it('renews until released; grace and retention renew from the original expiry (R-REN-2)', () => {
    expect(renewable('retention')).toBe(true);
    expect(renewable('released')).toBe(false);
    expect(renewable('cancelled')).toBe(false);
    expect(expired('grace')).toBe(true);
    expect(expired('active')).toBe(false);
  });

  it('is upgraded only while in use', () => {
    expect(upgradable('active')).toBe(true);
    expect(upgradable('grace')).toBe(true);
    expect(upgradable('retention')).toBe(false);
    expect(upgradable('released')).toBe(false);
    expect(upgradable('cancelled')).toBe(false);
  });

  it('says why a subscription renews no more', () => {
    expect(closedReason(released, 'UTC')).toBe(
      'Released on 2026-03-18 03:59: its resources were deleted, so it can no longer be renewed. Buy the product again to use it.',
    );
    expect(closedReason(cancelled)).toContain('cancelled');
  });
});

describe('automatic renewal and renewals', () => {
  it('is on with its next charge in the buyer’s zone, or off', () => {
    expect(autoRenewWords(active, 'America/New_York')).toBe(
      `On · next charge ${formatInstant('2026-04-01T07:00:00Z', 'America/New_York')}`,
    );
    expect(autoRenewWords(active, 'America/New_York')).toBe('On · next charge 2026-04-01 03:00');
    expect(autoRenewWords(inGrace)).toBe('Off');
  });

  it('offers 1 to 11 months or 1 to 5 years', () => {
    expect(durations('month')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(durations('year')).toEqual([1, 2, 3, 4, 5]);
  });

  it('says how a renewal ended', () => {
    expect(renewalStatusWords(manualRenewal)).toBe('Paid');
    expect(
      renewalStatusWords({ ...manualRenewal, status: 'failed', failure: 'insufficient balance' }),
    ).toBe('Failed: insufficient balance');
  });
});

describe('Renewals tabs and pages in words', () => {
  it('names every tab', () => {
    expect(RENEWALS_TABS.map(tabLabel)).toEqual([
      'All',
      'Expiring in 30 days',
      'In grace',
      'Frozen',
      'Auto-renewal on',
      'Renewed by hand',
      'Ended',
    ]);
  });

  it.each([
    [0, 20, 57, '1–20 of 57'],
    [40, 17, 57, '41–57 of 57'],
    [0, 1, 1, '1–1 of 1'],
    [1000, 20, 1234, '1,001–1,020 of 1,234'],
    [60, 0, 57, '0 of 57'],
  ])('offset %i with %i rows of %i reads %s', (offset, shown, total, words) => {
    expect(rangeText(offset, shown, total)).toBe(words);
  });

  it('names the tab and the text that found nothing', () => {
    expect(noMatchWords('grace', '')).toBe('No subscriptions in “In grace”.');
    expect(noMatchWords('all', 'crm')).toBe('No subscriptions match “crm”.');
    expect(noMatchWords('ended', 'crm')).toBe('No subscriptions in “Ended” match “crm”.');
  });
});
