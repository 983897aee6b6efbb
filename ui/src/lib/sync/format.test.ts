import { describe, expect, it } from 'vitest';
import type { Round, SyncStatus } from '../api';
import {
  actionLabel,
  ago,
  conflictWords,
  lastSynced,
  marketplaceName,
  pendingStateLabel,
  roundSummary,
  waitingWords,
} from './format';
import { pendingAction as pending } from './testing';

const NOW = Date.parse('2026-12-01T12:00:00Z');

function status(over: Partial<SyncStatus> = {}, synced: string | null = null): SyncStatus {
  return {
    link: {
      address: 'http://192.168.1.20:8765',
      fingerprint: null,
      seller_id: 'dolphin-data',
      device_id: 3,
      connected_at: '2026-12-01T08:00:00Z',
      last_synced_at: synced,
      last_error: null,
    },
    online: synced !== null,
    waiting: [],
    conflicts: 0,
    ...over,
  };
}

function round(over: Partial<Round> = {}): Round {
  return {
    applied: 0,
    refused: 0,
    withdrawn: 0,
    pulled: 0,
    waiting: 0,
    unreachable: null,
    ...over,
  };
}

describe('sync words (R-SYNC-4)', () => {
  it.each([
    ['2026-12-01T11:59:30Z', 'just now'],
    ['2026-12-01T11:56:00Z', '4 min ago'],
    ['2026-12-01T09:00:00Z', '3 h ago'],
  ])('says %s was %s', (at, words) => {
    expect(ago(at, NOW)).toBe(words);
  });

  it('gives the time itself beyond a day, and a text that is no time as it came', () => {
    expect(ago('2026-11-28T09:00:00Z', NOW)).toMatch(/^2026-11-28 \d\d:00$/);
    expect(ago('soon', NOW)).toBe('soon');
  });

  it('says when the copy last synced, or that it never did', () => {
    expect(lastSynced(status(), NOW)).toBe('Never synced');
    expect(lastSynced(status({}, '2026-12-01T11:50:00Z'), NOW)).toBe('Synced 10 min ago');
  });

  it('counts what waits and the conflicts, saying nothing when there are none', () => {
    expect(waitingWords(status())).toBeNull();
    expect(waitingWords(status({ waiting: [pending()] }))).toBe('1 action waiting to sync');
    expect(waitingWords(status({ waiting: [pending(), pending({ id: 2 })] }))).toBe(
      '2 actions waiting to sync',
    );
    expect(conflictWords(status())).toBeNull();
    expect(conflictWords(status({ conflicts: 1 }))).toBe('1 conflict to look at');
    expect(conflictWords(status({ conflicts: 3 }))).toBe('3 conflicts to look at');
  });

  it('names the marketplace by its host and port', () => {
    expect(marketplaceName('http://192.168.1.20:8765')).toBe('192.168.1.20:8765');
    expect(marketplaceName('https://market.example:8443')).toBe('market.example:8443');
  });

  it("names a seller's actions and their states", () => {
    expect(actionLabel('deliver')).toBe('Delivery');
    expect(actionLabel('review_unsubscription')).toBe('Unsubscription review');
    expect(actionLabel('something_new')).toBe('Something new');
    expect(pendingStateLabel(pending())).toBe('Waiting to sync');
    expect(pendingStateLabel(pending({ state: 'sent' }))).toBe('Sent, no answer yet');
    expect(pendingStateLabel(pending({ state: 'refused' }))).toBe('Refused by the marketplace');
    expect(pendingStateLabel(pending({ state: 'withdrawn' }))).toBe(
      'Withdrawn with an earlier refusal',
    );
  });

  it('sums up a round: reached, refused, or offline', () => {
    expect(roundSummary(round({ applied: 2, pulled: 3 }))).toBe(
      'Synced: 2 applied, 3 flows updated.',
    );
    expect(roundSummary(round({ applied: 1, refused: 1, withdrawn: 1, pulled: 1 }))).toBe(
      'Synced: 1 applied, 1 refused, 1 withdrawn with them, 1 flow updated.',
    );
    expect(
      roundSummary(round({ waiting: 2, unreachable: 'no connection to the marketplace' })),
    ).toBe(
      'The marketplace could not be reached (no connection to the marketplace). 2 actions still waiting; they go at the next sync.',
    );
  });
});
