/**
 * Cloud resources in words: flavours, instance states, hourly charges, agencies. Amounts are
 * the core's decimal strings, formatted and never computed.
 */
import type {
  AgencyStatus,
  BillingMode,
  ChargeStatus,
  EcsInstance,
  Flavour,
  InstanceState,
} from '../api';
import { formatMoney } from '../catalog/format';

/** "s6.large.2 · 2 vCPUs | 4 GiB · $0.08/hour" (the price of the billing mode chosen). */
export function flavourLabel(flavour: Flavour, billing: BillingMode): string {
  const price =
    billing === 'pay_per_use'
      ? `${formatMoney(flavour.hourly_price)}/hour`
      : `${formatMoney(flavour.monthly_price)}/month`;
  return `${flavour.id} · ${flavour.vcpus} vCPUs | ${flavour.memory_gib} GiB · ${price}`;
}

const STATES: Record<InstanceState, string> = {
  running: 'Running',
  stopped: 'Stopped',
  suspended: 'Suspended (arrears)',
  deleted: 'Deleted',
};

export function instanceStateLabel(state: InstanceState): string {
  return STATES[state];
}

/** What the console offers for an instance, as the core's state machine allows it. */
export function instanceActions(
  instance: EcsInstance,
): ('stop' | 'start' | 'replace' | 'delete')[] {
  switch (instance.state) {
    case 'running':
      return ['stop', 'replace', 'delete'];
    case 'stopped':
      return ['start', 'replace', 'delete'];
    case 'suspended':
      return ['start', 'delete'];
    case 'deleted':
      return [];
  }
}

const CHARGES: Record<ChargeStatus, string> = {
  paid: 'Paid',
  unpaid: 'Unpaid (arrears)',
  reference_only: 'For reference only',
};

export function chargeStatusLabel(status: ChargeStatus): string {
  return CHARGES[status];
}

const AGENCIES: Record<AgencyStatus, string> = {
  active: 'Active',
  outdated: 'Policy changed: authorize again',
  retired: 'Retired: delete it',
};

export function agencyStatusLabel(status: AgencyStatus): string {
  return AGENCIES[status];
}
