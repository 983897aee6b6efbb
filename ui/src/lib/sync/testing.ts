/**
 * A seller's copy as the screens' tests see it: its status, a few actions waiting or refused.
 */
import type { Pending, Round, SyncStatus } from '../api';

export function pendingAction(over: Partial<Pending> = {}): Pending {
  return {
    id: 1,
    operation_id: 'op-1',
    order_id: 7,
    action: 'deliver',
    made_at: '2026-12-01T11:00:00Z',
    state: 'waiting',
    code: null,
    message: null,
    ...over,
  };
}

export function copyOf(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    link: {
      address: 'https://192.168.1.20:8765',
      fingerprint: null,
      seller_id: 'dolphin-data',
      device_id: 3,
      connected_at: '2026-12-01T08:00:00Z',
      last_synced_at: '2026-12-01T11:50:00Z',
      last_error: null,
    },
    online: true,
    waiting: [],
    conflicts: 0,
    ...over,
  };
}

export function roundOf(over: Partial<Round> = {}): Round {
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

export const REFUSED: Pending = pendingAction({
  id: 4,
  operation_id: 'op-4',
  order_id: 12,
  state: 'refused',
  code: 'flow_frozen',
  message: 'the flow is frozen by an appeal: nothing can be done until it is settled',
});
