/**
 * Service flows in words: the guide's step names, who acts, the actions' labels, an
 * operation's details and files, and times in the person's own time zone. Everything here
 * formats what the core sent; whether an action is possible is the core's answer, never
 * decided here.
 */
import type {
  FlowDetail,
  FlowSummary,
  FlowState,
  OperationDetails,
  Party,
  RequestStatus,
  Step,
  StepAvailability,
} from '../api';
import { formatMoney } from '../catalog/format';
import { buildHash } from '../router/route';
import { sentence } from '../util/text';
import { formatInstant, formatInstantsIn } from '../util/time';

/** The flow's states in the order a flow goes through them, named as the user guide does. */
export const FLOW_STATES: readonly { state: FlowState; label: string }[] = [
  { state: 'awaiting_request', label: 'Submit request' },
  { state: 'reviewing_request', label: 'Seller reviews request' },
  { state: 'seller_deploying', label: 'Seller deploys service' },
  { state: 'awaiting_acceptance', label: 'Customer accepts product' },
  { state: 'accepted', label: 'Accepted: completing' },
  { state: 'completed', label: 'Completed' },
  { state: 'frozen', label: 'Frozen by an appeal' },
  { state: 'cancelled', label: 'Cancelled' },
];

export function flowStateLabel(state: FlowState): string {
  return FLOW_STATES.find((s) => s.state === state)?.label ?? state;
}

const PARTIES: Record<Party, string> = {
  buyer: 'Buyer',
  seller: 'Seller',
  operations_manager: 'Operations',
  clock: 'Automatic',
};

/** Who a flow waits on: "Buyer", "Seller", "Operations", "Automatic" (the clock). */
export function partyLabel(party: Party | null): string {
  return party === null ? 'Nobody' : PARTIES[party];
}

const ACTOR_ROLES: Record<string, string> = {
  buyer: 'buyer',
  seller: 'seller',
  operations_manager: 'operations manager',
  system: 'automatic',
};

/** A record's `actor_role` in words ("seller", "operations manager", "automatic"). */
export function actorRoleLabel(role: string): string {
  return ACTOR_ROLES[role] ?? role;
}

const STEPS: Record<Step, string> = {
  submit_request: 'Submit request',
  remind: 'Remind the seller',
  accept_delivery: 'Accept',
  reject_delivery: 'Reject delivery',
  appeal: 'Appeal',
  request_unsubscription: 'Request unsubscription',
  accept_request: 'Accept request',
  reject_request: 'Reject request',
  deliver: 'Deliver',
  approve_unsubscription: 'Approve unsubscription',
  reject_unsubscription: 'Reject unsubscription',
  settle_for_buyer: 'Settle for the buyer',
  settle_resume: 'Settle for the seller: go on',
  settle_complete: 'Settle for the seller: complete',
};

/** The label of the button of a step. */
export function stepLabel(step: Step): string {
  return STEPS[step];
}

const REQUESTS: Record<RequestStatus, string> = {
  pending: 'Waiting for the seller',
  approved: 'Approved: refund due',
  rejected: 'Rejected',
  refunded: 'Refunded',
};

export function requestStatusLabel(status: RequestStatus): string {
  return REQUESTS[status];
}

/** The page of the flow of an order. */
export function flowHref(orderId: number): string {
  return buildHash({ name: 'service_flow', orderId });
}

/**
 * "2026-03-06 10:01" from a stored UTC time (RFC 3339): in the buyer's time zone on the
 * buyer's screens, in the machine's on the seller's and the operations manager's (no
 * `timeZone`).
 */
export function localTime(text: string, timeZone?: string): string {
  return formatInstant(text, timeZone);
}

/** A message from the core as a sentence, with the times in it in local time. */
export function localSentence(message: string, timeZone?: string): string {
  return sentence(formatInstantsIn(message, timeZone));
}

/** "Appeal opened 2026-03-07 11:00 by Acme Retail, the buyer", for a frozen flow. */
export function appealOpened(summary: FlowSummary, timeZone?: string): string {
  const at =
    summary.appeal_opened_at === null ? '' : ` ${localTime(summary.appeal_opened_at, timeZone)}`;
  const party =
    summary.appellant_party === 'buyer' || summary.appellant_party === 'seller'
      ? `, the ${summary.appellant_party}`
      : '';
  const who = summary.appellant === null ? '' : ` by ${summary.appellant}${party}`;
  return `Appeal opened${at}${who}`;
}

/**
 * Why a step is not possible now, in words. While the flow waits on the seller, the buyer's
 * appeal opens at a known moment: that moment is the answer.
 */
export function unavailableReason(
  availability: StepAvailability,
  detail: FlowDetail,
  timeZone?: string,
): string {
  if (
    availability.step === 'appeal' &&
    availability.code === 'appeal_not_allowed_yet' &&
    detail.summary.waiting_on === 'seller' &&
    detail.appeal_possible_from !== null
  ) {
    return `Appeal possible from ${localTime(detail.appeal_possible_from, timeZone)} if the seller stays silent.`;
  }
  return localSentence(availability.reason ?? 'Not possible now', timeZone);
}

/**
 * A `datetime-local` value ("2026-03-01T14:30", the person's time zone) as RFC 3339 in UTC,
 * or null when it is empty or not a time.
 */
export function localInputToUtc(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value.trim())) return null;
  const at = new Date(value.trim());
  if (Number.isNaN(at.getTime())) return null;
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The first characters of a hash, for a list; the full hash goes in a title attribute. */
export function shortHash(hash: string, length = 12): string {
  return hash.length <= length ? hash : `${hash.slice(0, length)}…`;
}

/** "application/pdf" → "PDF", "image/png" → "PNG"; anything else as it came. */
export function fileType(mime: string): string {
  const known: Record<string, string> = {
    'application/pdf': 'PDF',
    'image/png': 'PNG',
    'image/jpeg': 'JPEG',
  };
  return known[mime] ?? mime;
}

const RULINGS: Record<string, string> = {
  buyer: 'For the buyer: cancelled and refunded',
  seller: 'For the seller: the flow goes on',
  seller_complete: 'For the seller: the flow completes',
};

/**
 * What an operation said beside its remark, as label and value pairs, in a fixed order. Only
 * the fields named here are shown: nothing else a record carries reaches the screen.
 */
export function detailLines(
  details: OperationDetails,
  timeZone?: string,
): { label: string; value: string }[] {
  const lines: { label: string; value: string }[] = [];
  const time = (at: string) => localTime(at, timeZone);
  const add = (label: string, value: string | null | undefined, format = (v: string) => v) => {
    if (value !== null && value !== undefined && value !== '') {
      lines.push({ label, value: format(value) });
    }
  };
  add('Enabled at', details.enabled_at, time);
  add('Application user', details.app_user_name);
  add('Management URL', details.management_url);
  add('Front-end URL', details.front_end_url);
  add('Completes at', details.completes_at, time);
  add('Valid from', details.valid_from, time);
  add('Valid until', details.valid_until, time);
  add('Ruling', details.ruling, (r) => RULINGS[r] ?? r);
  add('Refund', details.refund, formatMoney);
  if (details.unsubscription_id !== null && details.unsubscription_id !== undefined) {
    lines.push({ label: 'Unsubscription request', value: `#${details.unsubscription_id}` });
  }
  add('Refund asked', details.amount, formatMoney);
  if (details.share_contact !== null && details.share_contact !== undefined) {
    lines.push({ label: 'Contact shared', value: details.share_contact ? 'Yes' : 'No' });
  }
  add('Refund due', details.refund_due_at, time);
  return lines;
}

/** What a proof file must be: a PDF document or a PNG or JPEG screenshot. */
export function isProofFile(file: File): boolean {
  return (
    ['application/pdf', 'image/png', 'image/jpeg'].includes(file.type) ||
    /\.(pdf|png|jpe?g)$/i.test(file.name)
  );
}
