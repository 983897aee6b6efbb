/** A seller's copy of the marketplace and its sync, and the laptops the marketplace enrolled. */
import { commands } from './bindings';
import type { Device, EnrolmentCode, Pending, Round, Status as SyncStatus } from './bindings';
import { unwrap } from './call';

/** On a seller's copy: online or offline, what waits to sync, how many conflicts; `null` on a
 * marketplace. */
export function loadSyncStatus(): Promise<SyncStatus | null> {
  return unwrap(() => commands.syncStatus());
}

/** Pushes what waits and pulls what changed, once. */
export function syncNow(): Promise<Round> {
  return unwrap(() => commands.syncNow());
}

/** The actions the marketplace refused, with their reasons, the newest first. */
export function loadSyncConflicts(): Promise<Pending[]> {
  return unwrap(() => commands.syncConflicts());
}

/** Makes this app a seller's copy of the marketplace at `address`, with an enrolment code. */
export function connectToMarketplace(
  address: string,
  code: string,
  deviceName: string,
  fingerprint: string | null,
): Promise<SyncStatus> {
  return unwrap(() => commands.syncConnect(address, code, deviceName, fingerprint));
}

/** Operations: a one-time code for a laptop of `sellerId`. */
export function enrolLaptop(sellerId: string): Promise<EnrolmentCode> {
  return unwrap(() => commands.syncEnrol(sellerId));
}

/** Operations: every enrolled laptop. */
export function loadLaptops(): Promise<Device[]> {
  return unwrap(() => commands.syncDevices());
}

/** Operations: the laptop's token stops working. */
export function revokeLaptop(deviceId: number): Promise<Device> {
  return unwrap(() => commands.syncRevoke(deviceId));
}
