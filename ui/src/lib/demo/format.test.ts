import { describe, expect, it } from 'vitest';
import type { Travel } from '../api';
import {
  TIME_STEPS,
  firedCount,
  firedLine,
  firedParts,
  kindWords,
  stepHint,
  stepLabel,
  travelSpan,
  travelSummary,
  upcomingLine,
} from './format';
import { MONTH_FIRED, firedOf } from './testing';

function travelOf(over: Partial<Travel> = {}): Travel {
  return {
    from: '2026-03-08T10:00:00Z',
    to: '2026-04-08T10:00:00Z',
    fired: MONTH_FIRED,
    money_moved: '149.00',
    undoable: 1,
    ...over,
  };
}

describe('the time machine in words (R-DEMO-2)', () => {
  it('labels the six steps, the smallest first', () => {
    expect(TIME_STEPS.map(stepLabel)).toEqual([
      '+3 hours',
      '+1 day',
      '+5 days',
      '+1 month',
      '+1 year',
      'Next event',
    ]);
    expect(stepHint('five_days')).toBe('Move the clock forward 5 days and fire what falls due');
    expect(stepHint('next_event')).toBe('Move the clock to the next timer and fire it');
  });

  it.each([
    ['expiry_notice', 'Expiry notice'],
    ['hourly_metering', 'Hourly metering'],
    ['release', 'Release'],
    ['', ''],
  ])('puts the kind %o as %o', (kind, words) => {
    expect(kindWords(kind)).toBe(words);
  });

  it('gives a fired item its time in the zone, rule, subject, summary and money', () => {
    expect(firedLine(MONTH_FIRED[0]!, 'UTC')).toBe(
      '2026-03-09 10:00 · R-SUP-4 · order 12 · Delivery accepted on the buyer’s behalf; the seller is paid · $120.00',
    );
    expect(firedLine(MONTH_FIRED[0]!, 'Asia/Singapore')).toMatch(/^2026-03-09 18:00 · /);
    // No money: no amount, not "$0.00".
    expect(firedLine(MONTH_FIRED[1]!, 'UTC')).toBe(
      '2026-04-01 23:59 · R-REN-1 · subscription 4 · Expiry notice sent to the buyer',
    );
    expect(firedParts(firedOf({ money: '1234.5' }), 'UTC').money).toBe('$1,234.50');
  });

  it('leaves out the rule and subject the core does not give (its last "more" item)', () => {
    const more = firedOf({
      kind: 'more',
      rule: '',
      subject: '',
      summary: '2,345 more items fired, up to this time',
      money: '10.00',
    });
    expect(firedLine(more, 'UTC')).toBe(
      '2026-03-09 10:00 · 2,345 more items fired, up to this time · $10.00',
    );
    expect(firedCount([firedOf(), firedOf(), more])).toBe(2 + 2345);
    expect(firedCount([firedOf({ kind: 'more', summary: 'something else' })])).toBe(1);
  });

  it('says from when to when, how many timers fired and the money they moved', () => {
    expect(travelSpan(travelOf(), 'UTC')).toBe('From 2026-03-08 10:00 to 2026-04-08 10:00');
    expect(travelSummary(travelOf())).toBe('3 timers fired, $149.00 moved');
    expect(travelSummary(travelOf({ fired: [firedOf()], money_moved: '120.00' }))).toBe(
      '1 timer fired, $120.00 moved',
    );
    const many = Array.from({ length: 1200 }, () => firedOf({ money: null }));
    expect(travelSummary(travelOf({ fired: many, money_moved: '0.00' }))).toBe(
      '1,200 timers fired, $0.00 moved',
    );
  });

  it('says so when nothing fired', () => {
    expect(travelSummary(travelOf({ fired: [], money_moved: '0.00' }))).toBe(
      'No timer was due: nothing fired and no money moved.',
    );
  });

  it('lists what comes next with its kind in words and the product it is about', () => {
    const next = {
      at: '2026-04-01T23:59:59Z',
      kind: 'expiry_notice',
      rule: 'R-REN-1',
      subject: 'subscription 4',
      about: 'Vaultwise Cloud Backup',
    };
    expect(upcomingLine(next, 'UTC')).toBe(
      '2026-04-01 23:59 · Expiry notice · R-REN-1 · Vaultwise Cloud Backup (subscription 4)',
    );
    // The hourly billing of every instance is about no one product.
    const hourly = { ...next, kind: 'hourly_metering', subject: 'pay-per-use images', about: '' };
    expect(upcomingLine(hourly, 'UTC')).toBe(
      '2026-04-01 23:59 · Hourly metering · R-REN-1 · pay-per-use images',
    );
  });
});
