import { describe, expect, it } from 'vitest';
import { buyerAppeal, flowOf, sellerAppeal } from './fixtures';
import {
  ageSince,
  appealsSummary,
  appellantParty,
  appellantWords,
  formatAge,
  isPast,
} from './format';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('a case age', () => {
  it.each([
    [0, 'less than a minute'],
    [59_999, 'less than a minute'],
    [MINUTE, '1 min'],
    [59 * MINUTE, '59 min'],
    [HOUR, '1 h'],
    [5 * HOUR + 12 * MINUTE + 59_000, '5 h 12 min'],
    [DAY, '1 day'],
    [DAY + 59 * MINUTE, '1 day'],
    [2 * DAY + 4 * HOUR + 30 * MINUTE, '2 days 4 h'],
    [40 * DAY, '40 days'],
    [-3 * HOUR, 'less than a minute'],
  ])('%i ms reads "%s"', (ms, words) => {
    expect(formatAge(ms)).toBe(words);
  });

  it('is counted from the time the appeal was opened to now', () => {
    const now = Date.parse('2026-03-10T12:00:00Z');
    expect(ageSince('2026-03-08T07:30:00Z', now)).toBe('2 days 4 h');
    expect(ageSince('not a time', now)).toBe('');
  });
});

describe('a deadline', () => {
  const now = Date.parse('2026-03-06T09:01:00Z');
  it.each([
    ['2026-03-06T09:00:59Z', true],
    ['2026-03-06T09:01:00Z', true],
    ['2026-03-06T09:01:01Z', false],
    ['soon', false],
  ])('%s is past at 09:01: %s', (at, past) => {
    expect(isPast(at, now)).toBe(past);
  });
});

describe('the appellant', () => {
  it('is named with its side', () => {
    expect(appellantParty(buyerAppeal)).toBe('buyer');
    expect(appellantWords(buyerAppeal)).toBe('Buyer · Acme Retail (prepaid)');
    expect(appellantParty(sellerAppeal)).toBe('seller');
    expect(appellantWords(sellerAppeal)).toBe('Seller · Orbit Software');
    expect(appellantWords(flowOf({ appellant: 'Someone else' }))).toBe('Someone else');
    expect(appellantWords(flowOf({ appellant: null }))).toBe('Unknown');
  });
});

describe('the appeals summary of Operations', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it('counts the open appeals and says how old the oldest is', () => {
    expect(appealsSummary([], now)).toBe('No open appeals');
    expect(appealsSummary([sellerAppeal], now)).toBe('1 open appeal, opened 2 h 45 min ago');
    expect(appealsSummary([buyerAppeal, sellerAppeal], now)).toBe(
      '2 open appeals, the oldest opened 2 days 4 h ago',
    );
  });
});
