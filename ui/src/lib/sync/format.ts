/**
 * How a seller's copy speaks of its sync: the top bar's few words and the Sync screen's lines.
 */
import type { Pending, Round, SyncStatus } from '../api';
import { formatInstant } from '../util/time';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "just now", "4 min ago", "3 h ago", or the time itself beyond a day. */
export function ago(text: string, now: number): string {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return text;
  const minutes = Math.floor((now - at.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ago`;
  return formatInstant(text);
}

/** "Synced 4 min ago", "Never synced". */
export function lastSynced(status: SyncStatus, now: number): string {
  const at = status.link.last_synced_at;
  return at === null ? 'Never synced' : `Synced ${ago(at, now)}`;
}

/** "2 actions waiting to sync", or null when nothing waits. */
export function waitingWords(status: SyncStatus): string | null {
  const n = status.waiting.length;
  return n === 0 ? null : `${plural(n, 'action')} waiting to sync`;
}

/** "1 conflict to look at", or null. */
export function conflictWords(status: SyncStatus): string | null {
  return status.conflicts === 0 ? null : `${plural(status.conflicts, 'conflict')} to look at`;
}

/** The marketplace's address as a person reads it: no scheme. */
export function marketplaceName(address: string): string {
  return address.replace(/^https?:\/\//, '');
}

// What a seller does on a flow, as its own record of it reads.
const ACTIONS: Record<string, string> = {
  deliver: 'Delivery',
  accept_request: 'Request accepted',
  reject_request: 'Request rejected',
  review_unsubscription: 'Unsubscription review',
  appeal: 'Appeal',
};

/** "Delivery", "Appeal"… a seller's action as a person names it. */
export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase());
}

/** What a pending action is now: waiting, sent (no answer yet), refused, withdrawn. */
export function pendingStateLabel(pending: Pending): string {
  switch (pending.state) {
    case 'waiting':
      return 'Waiting to sync';
    case 'sent':
      return 'Sent, no answer yet';
    case 'refused':
      return 'Refused by the marketplace';
    case 'withdrawn':
      return 'Withdrawn with an earlier refusal';
    case 'applied':
      return 'Applied';
    default:
      return pending.state;
  }
}

/** What one round did, in a sentence. */
export function roundSummary(round: Round): string {
  if (round.unreachable !== null) {
    return `The marketplace could not be reached (${round.unreachable}). ${plural(round.waiting, 'action')} still waiting; they go at the next sync.`;
  }
  const parts = [`${round.applied} applied`];
  if (round.refused > 0) parts.push(`${round.refused} refused`);
  if (round.withdrawn > 0) parts.push(`${round.withdrawn} withdrawn with them`);
  parts.push(`${plural(round.pulled, 'flow')} updated`);
  return `Synced: ${parts.join(', ')}.`;
}
