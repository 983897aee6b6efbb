/**
 * Sellers' laptops as the operations manager reads them (R-SYNC-5): whose a laptop is, whether
 * it may still sync, and what it last did. Words only: which laptop may connect is decided by
 * the marketplace, never here.
 */
import type { Device, SellerChoice } from '../api';
import { localTime } from './format';

/** The sellers in the order a person looks for a name: alphabetical, ignoring case. */
export function sellersByName(sellers: readonly SellerChoice[]): SellerChoice[] {
  return [...sellers].sort(
    (a, b) =>
      a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id),
  );
}

/**
 * The seller's name, or its id when the list does not know it: a laptop stays listed after its
 * seller has left the choices, and an id still tells the operations manager whose it was.
 */
export function sellerName(sellerId: string, sellers: readonly SellerChoice[]): string {
  return sellers.find((s) => s.id === sellerId)?.name ?? sellerId;
}

/** "Active", or "Revoked 2026-03-04 10:06". */
export function laptopState(device: Device): string {
  return device.revoked_at === null ? 'Active' : `Revoked ${localTime(device.revoked_at)}`;
}

/** When the laptop last reached the marketplace, or "never". */
export function lastSeen(device: Device): string {
  return device.last_seen_at === null ? 'never' : localTime(device.last_seen_at);
}

/** The number of the last operation the laptop pushed; operations are numbered from 1. */
export function lastOperation(device: Device): string {
  return device.last_seq > 0 ? String(device.last_seq) : 'none yet';
}

/** `list` with `device` in place of the row of the same id. */
export function withDevice(list: readonly Device[], device: Device): Device[] {
  return list.map((d) => (d.id === device.id ? device : d));
}
