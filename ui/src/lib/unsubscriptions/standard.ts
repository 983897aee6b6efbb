/**
 * Standard unsubscription of a yearly/monthly image (R-UNS-2) in words: the refund's lines as
 * the core computed them, and what the buyer is asked before and told after.
 *
 * Nothing is computed here: every figure is the core's decimal string, shown as it came.
 */
import type { StandardRefund } from '../api';
import { formatMoney } from '../catalog/format';

/** "−$9.10" for an amount taken off, "$69.00" otherwise (a typographic minus). */
export function lineAmount(amount: string): string {
  return amount.startsWith('-') ? `−${formatMoney(amount.slice(1))}` : formatMoney(amount);
}

/** "1 ECS instance", "2 ECS instances". */
export function instancesText(count: number): string {
  return `${count} ECS instance${count === 1 ? '' : 's'}`;
}

/** The second confirmation's question. */
export function confirmText(refund: StandardRefund): string {
  const money = refund.reference_only
    ? `a refund of ${formatMoney(refund.refund)}, settled with your reseller`
    : `a refund of ${formatMoney(refund.refund)} to the way you paid`;
  return (
    `Unsubscribe from ${refund.product_name} for ${money}? ` +
    `Its ${instancesText(refund.instances)} and the image are deleted at once; this cannot be undone.`
  );
}

/** What the buyer is told once it is done. */
export function resultText(refund: StandardRefund): string {
  const money = refund.reference_only
    ? `${formatMoney(refund.refund)} is settled with your reseller`
    : `${formatMoney(refund.refund)} is refunded to the way you paid`;
  return `Unsubscribed: ${money}; ${instancesText(refund.instances)} and the image released.`;
}
