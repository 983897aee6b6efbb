/**
 * Unsubscription in words (R-UNS), for the buyer's My KooGallery > Unsubscriptions and the
 * seller's review: statuses, rules, the reasons offered, and the checks a buyer's form makes
 * before anything is sent.
 *
 * The checks only spare a round trip: the core checks the same bounds and has the last word.
 * Amounts stay decimal strings, compared digit by digit, never parsed into floats.
 */
import type { RequestStatus, SharedContact, UnsubscribeRule } from '../api';
import { formatMoney } from '../catalog/format';
import { compareDecimal } from '../catalog/filters';

const STATUS_LABELS: Record<RequestStatus, string> = {
  pending: 'Waiting for the seller',
  approved: 'Approved: refund due',
  rejected: 'Rejected',
  refunded: 'Refunded',
};

export function requestStatusLabel(status: RequestStatus): string {
  return STATUS_LABELS[status];
}

const RULE_LABELS: Record<UnsubscribeRule, string> = {
  negotiated: 'Negotiated with the seller',
  standard: 'Standard rules',
  not_supported: 'Not supported',
};

/** "Negotiated with the seller", "Standard rules", "Not supported". */
export function ruleLabel(rule: UnsubscribeRule): string {
  return RULE_LABELS[rule];
}

/** The reasons a buyer picks from; "Other" asks for the buyer's own words. */
export const REASONS = [
  'Service not delivered as agreed',
  'No longer needed',
  'Bought by mistake',
  'Other',
] as const;

export type Reason = (typeof REASONS)[number];

export const OTHER: Reason = 'Other';

/** The reason as sent: the choice, then the buyer's words ("No longer needed: we moved"). */
export function combinedReason(choice: string, details: string): string {
  const words = details.trim();
  if (choice === OTHER || choice === '') return words;
  return words === '' ? choice : `${choice}: ${words}`;
}

/** Why the reason cannot be sent yet, or null. */
export function reasonError(choice: string, details: string): string | null {
  if (choice === '') return 'Choose a reason.';
  if (choice === OTHER && details.trim() === '') return 'Say in a few words why you unsubscribe.';
  return null;
}

const AMOUNT = /^\d+(\.\d{1,2})?$/;

/**
 * Why `amount` cannot be asked for, or null: it must be more than zero and at most `max`, what
 * was actually paid (R-UNS-3), in whole cents.
 */
export function amountError(amount: string, max: string): string | null {
  const text = amount.trim();
  if (text === '') return 'Enter the refund you agreed with the seller.';
  if (text.startsWith('-')) return 'The refund must be more than $0.00.';
  if (!AMOUNT.test(text)) return 'Enter an amount like 100 or 25.50 (at most 2 decimals).';
  if (compareDecimal(text, '0') <= 0) return 'The refund must be more than $0.00.';
  if (compareDecimal(text, max) > 0) {
    return `The refund can be at most ${formatMoney(max)}, what you paid for this order.`;
  }
  return null;
}

/** "dana@acme.example · +65 8123 4567", or a sentence when the buyer kept it to itself. */
export function contactWords(contact: SharedContact | null): string {
  if (contact === null) return 'Not shared';
  return [contact.email, contact.mobile].filter((part) => part.trim() !== '').join(' · ');
}
