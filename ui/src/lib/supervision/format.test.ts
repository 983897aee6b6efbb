import { describe, expect, it } from 'vitest';
import { NO_CRITERIA, isFiltered, toQuery } from './criteria';
import {
  appealOpened,
  detailLines,
  flowHref,
  flowStateLabel,
  isProofFile,
  localInputToUtc,
  localSentence,
  localTime,
  partyLabel,
  shortHash,
  unavailableReason,
} from './format';
import { flowDetail, frozenForOperations } from './testing';

describe('service flows in words', () => {
  it('name the states as the user guide does, and who acts', () => {
    expect(flowStateLabel('seller_deploying')).toBe('Seller deploys service');
    expect(flowStateLabel('awaiting_acceptance')).toBe('Customer accepts product');
    expect(partyLabel('operations_manager')).toBe('Operations');
    expect(partyLabel(null)).toBe('Nobody');
    expect(flowHref(12)).toBe('#/supervision/12');
  });

  it('put times from the core in local time, in sentences too', () => {
    const at = '2026-03-06T10:01:00Z';
    expect(localTime(at)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(localSentence('you can remind it again from 2026-03-06T10:01:00+00:00')).toBe(
      `You can remind it again from ${localTime(at)}.`,
    );
    expect(localSentence('from 2026-03-06T10:01:00.123456789+00:00 on')).toBe(
      `From ${localTime(at)} on.`,
    );
  });

  it('turn a local date and time into RFC 3339 UTC', () => {
    expect(localInputToUtc('2026-03-02T09:30')).toBe(
      new Date(2026, 2, 2, 9, 30).toISOString().replace('.000Z', 'Z'),
    );
    expect(localInputToUtc('')).toBeNull();
    expect(localInputToUtc('yesterday')).toBeNull();
  });

  it('say who opened an appeal, and when', () => {
    const frozen = frozenForOperations().summary;
    expect(appealOpened(frozen)).toBe(
      `Appeal opened ${localTime('2026-03-07T11:00:00Z')} by Acme Retail (prepaid), the buyer`,
    );
    expect(appealOpened({ ...frozen, appellant: null, appellant_party: null })).toBe(
      `Appeal opened ${localTime('2026-03-07T11:00:00Z')}`,
    );
  });

  it('shorten hashes', () => {
    expect(shortHash('a'.repeat(64))).toBe(`${'a'.repeat(12)}…`);
    expect(shortHash('abc')).toBe('abc');
  });

  it('say when the buyer may appeal the seller’s silence, else the core’s reason', () => {
    const detail = flowDetail();
    const appeal = detail.steps.find((s) => s.step === 'appeal')!;
    expect(unavailableReason(appeal, detail)).toBe(
      `Appeal possible from ${localTime('2026-03-06T10:01:00Z')} if the seller stays silent.`,
    );
    const waitingOnBuyer = {
      ...detail,
      summary: { ...detail.summary, waiting_on: 'buyer' as const },
    };
    expect(
      unavailableReason({ ...appeal, reason: 'you can appeal after 3 rejections' }, waitingOnBuyer),
    ).toBe('You can appeal after 3 rejections.');
  });

  it('list only the details they name, money and times formatted', () => {
    expect(
      detailLines({
        completes_at: '2026-03-03T13:00:00Z',
        ruling: 'buyer',
        refund: '100.5',
        share_contact: false,
      }),
    ).toEqual([
      { label: 'Completes at', value: localTime('2026-03-03T13:00:00Z') },
      { label: 'Ruling', value: 'For the buyer: cancelled and refunded' },
      { label: 'Refund', value: '$100.50' },
      { label: 'Contact shared', value: 'No' },
    ]);
    expect(detailLines({})).toEqual([]);
  });

  it('accept PDF, PNG and JPEG as proof', () => {
    expect(isProofFile(new File(['x'], 'a.PDF'))).toBe(true);
    expect(isProofFile(new File(['x'], 'shot', { type: 'image/jpeg' }))).toBe(true);
    expect(isProofFile(new File(['x'], 'a.gif', { type: 'image/gif' }))).toBe(false);
  });
});

describe('search criteria', () => {
  it('are sent trimmed, empty ones as no constraint', () => {
    expect(toQuery(NO_CRITERIA)).toEqual({
      query: { order_id: null, product: null, state: null, from: null, to: null },
    });
    expect(
      toQuery({ order: ' #12 ', product: ' crm ', state: 'frozen', from: '2026-03-01', to: '' }),
    ).toEqual({
      query: { order_id: 12, product: 'crm', state: 'frozen', from: '2026-03-01', to: null },
    });
  });

  it('name what is wrong', () => {
    expect(toQuery({ ...NO_CRITERIA, order: '12a' })).toEqual({
      error: 'The order number is a whole number, like 12.',
    });
    expect(toQuery({ ...NO_CRITERIA, from: '2026-03-02', to: '2026-03-01' })).toEqual({
      error: 'The first date is after the last.',
    });
    expect(toQuery({ ...NO_CRITERIA, to: '03/01/2026' })).toEqual({
      error: 'Dates are written like 2026-03-01.',
    });
  });

  it('know whether they constrain anything', () => {
    expect(isFiltered({ order_id: null, product: null })).toBe(false);
    expect(isFiltered({ product: 'crm' })).toBe(true);
  });
});
