import { describe, expect, it } from 'vitest';
import type { Device } from '../api';
import { formatInstant } from '../util/time';
import {
  lastOperation,
  lastSeen,
  laptopState,
  sellerName,
  sellersByName,
  withDevice,
} from './laptops';

const laptop: Device = {
  id: 5,
  seller_id: 'orbit-soft',
  name: 'Field laptop',
  enrolled_at: '2026-03-02T08:15:00Z',
  revoked_at: null,
  last_seq: 0,
  last_seen_at: null,
};

describe('the sellers to enrol a laptop for', () => {
  it('are sorted by name whatever the case, then by id for equal names', () => {
    const sorted = sellersByName([
      { id: 'orbit-2', name: 'Orbit Software', products: 1 },
      { id: 'zeta', name: 'zeta Labs', products: 0 },
      { id: 'acme', name: 'acme tools', products: 2 },
      { id: 'orbit-1', name: 'Orbit Software', products: 3 },
      { id: 'blue', name: 'Blue Harbor', products: 4 },
    ]);
    expect(sorted.map((s) => s.id)).toEqual(['acme', 'blue', 'orbit-1', 'orbit-2', 'zeta']);
  });

  it('name a laptop’s seller, or give its id when the seller is not among them', () => {
    const sellers = [{ id: 'orbit-soft', name: 'Orbit Software', products: 3 }];
    expect(sellerName('orbit-soft', sellers)).toBe('Orbit Software');
    expect(sellerName('gone-seller', sellers)).toBe('gone-seller');
  });
});

describe('a laptop in words', () => {
  it('before it ever synced', () => {
    expect(laptopState(laptop)).toBe('Active');
    expect(lastSeen(laptop)).toBe('never');
    expect(lastOperation(laptop)).toBe('none yet');
  });

  it('after it synced and was revoked', () => {
    const used = {
      ...laptop,
      last_seq: 12,
      last_seen_at: '2026-03-09T16:40:00Z',
      revoked_at: '2026-03-10T12:00:00Z',
    };
    expect(laptopState(used)).toBe(`Revoked ${formatInstant('2026-03-10T12:00:00Z')}`);
    expect(lastSeen(used)).toBe(formatInstant('2026-03-09T16:40:00Z'));
    expect(lastOperation(used)).toBe('12');
  });

  it('replaces only its own row in a list', () => {
    const other = { ...laptop, id: 2, name: 'Old ThinkPad' };
    const revoked = { ...laptop, revoked_at: '2026-03-10T12:00:00Z' };
    expect(withDevice([laptop, other], revoked)).toEqual([revoked, other]);
  });
});
