/**
 * The customized wizard's steps, mirroring the core's state machine (`images/wizard.rs`) plus
 * a payment step, and what each step still needs before the buyer may go on. The checks are
 * only "is this filled in": what the entries are worth (a CIDR, a name, a port) is the core's
 * to say on submission, shown in place.
 */
import type {
  ApiFailure,
  BillingMode,
  NetworkChoice,
  PasswordCheck,
  SecurityGroupChoice,
} from '../api';
import { MAX_EIP_MBPS, MAX_INSTANCES } from './ecs';

export type WizardStep =
  'buy_ecs' | 'configure_network' | 'advanced_settings' | 'confirm' | 'payment';

export const WIZARD_STEPS: readonly WizardStep[] = [
  'buy_ecs',
  'configure_network',
  'advanced_settings',
  'confirm',
  'payment',
];

export const STEP_TITLES: Record<WizardStep, string> = {
  buy_ecs: 'Buy ECS',
  configure_network: 'Configure Network',
  advanced_settings: 'Advanced Settings',
  confirm: 'Confirm',
  payment: 'Pay',
};

/** The entries the steps check, as the provisioning form holds them. */
export interface StepEntries {
  // Buy ECS
  readonly edition: string;
  readonly flavour: string;
  // Configure Network
  readonly networkKind: 'existing' | 'new';
  readonly network: NetworkChoice | null;
  readonly groupKind: 'recommended' | 'existing' | 'new';
  readonly securityGroup: SecurityGroupChoice | null;
  readonly eipEnabled: boolean;
  readonly eipBandwidth: number;
  // Advanced Settings
  readonly name: string;
  readonly password: string;
  readonly passwordCheck: PasswordCheck | null;
  readonly passwordsMatch: boolean;
  // Confirm
  readonly billing: BillingMode;
  readonly duration: number;
  readonly quantity: number;
  readonly feesError: ApiFailure | null;
  readonly acceptAgreements: boolean;
  // Pay
  readonly referenceOnly: boolean;
  readonly paymentKey: string | null;
}

/** The first thing `step` still needs, in words; null when it is complete. */
export function stepMissing(step: WizardStep, entries: StepEntries): string | null {
  switch (step) {
    case 'buy_ecs':
      if (entries.edition === '') return 'Choose an image edition.';
      if (entries.flavour === '') return 'Choose an ECS flavour.';
      return null;
    case 'configure_network':
      if (entries.network === null) {
        return entries.networkKind === 'existing'
          ? 'Choose a VPC and a subnet.'
          : 'Name the new VPC and give its CIDR block.';
      }
      if (entries.securityGroup === null) {
        return entries.groupKind === 'new'
          ? 'Name the new security group and list its ports (1 to 65535).'
          : 'Choose a security group.';
      }
      if (
        entries.eipEnabled &&
        (!Number.isInteger(entries.eipBandwidth) ||
          entries.eipBandwidth < 1 ||
          entries.eipBandwidth > MAX_EIP_MBPS)
      ) {
        return `Give the EIP a bandwidth of 1 to ${MAX_EIP_MBPS} Mbit/s.`;
      }
      return null;
    case 'advanced_settings':
      if (entries.name.trim() === '') return 'Name the ECS.';
      if (entries.password === '') return 'Set the ECS login password.';
      if (entries.passwordCheck?.acceptable !== true)
        return 'The password does not meet every rule yet.';
      if (!entries.passwordsMatch) return 'The two passwords differ.';
      return null;
    case 'confirm':
      if (
        entries.billing === 'yearly_monthly' &&
        (!Number.isInteger(entries.duration) || entries.duration < 1)
      )
        return 'Choose a duration.';
      if (
        !Number.isInteger(entries.quantity) ||
        entries.quantity < 1 ||
        entries.quantity > MAX_INSTANCES
      )
        return `Choose 1 to ${MAX_INSTANCES} instances.`;
      if (entries.feesError !== null) return entries.feesError.message;
      if (!entries.acceptAgreements) return 'Tick the agreements to submit.';
      return null;
    case 'payment':
      if (!entries.referenceOnly && entries.paymentKey === null) return 'Choose a payment method.';
      return null;
  }
}

/** Quick provisioning: everything on one page must be complete. */
export function quickMissing(entries: StepEntries): string | null {
  for (const step of ['buy_ecs', 'configure_network', 'advanced_settings', 'confirm'] as const) {
    const missing = stepMissing(step, entries);
    if (missing !== null) return missing;
  }
  return null;
}
