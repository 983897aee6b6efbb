/** A yearly/monthly image's standard unsubscription (R-UNS-2), as the core answers it. */
import type { ApiError, PageRequest, StandardRefund, Unsubscribable } from '../api';
import { pageOf } from '../testing/page';
import { negotiable } from './fixtures';

/** Bought 2 March 10:30, 100 of 758 hours used: 69.00 − 9.10 − 6.90 = 53.00. */
export const monthlyRefund: StandardRefund = {
  order_id: 7,
  product_name: 'MySQL Image',
  term: '1 month',
  term_begins: '2026-03-02T10:00:00Z',
  term_ends: '2026-04-03T00:00:00Z',
  hours_in_term: 758,
  hours_used: 100,
  paid: '69.00',
  consumed: '9.10',
  fee_rate: '10%',
  fee: '6.90',
  not_started: '0.00',
  refund: '53.00',
  lines: [
    {
      label: 'Paid for the term (1 month, order 7)',
      arithmetic: "order 7's amount: 69.00",
      amount: '69.00',
    },
    {
      label: 'Consumed: 100 of 758 hours used',
      arithmetic: '69.00 × 100 h ÷ 758 h = 9.102902',
      amount: '-9.10',
    },
    {
      label: 'Handling fee, 10% (monthly term)',
      arithmetic: '69.00 × 10% = 6.90',
      amount: '-6.90',
    },
  ],
  at: '2026-03-06T14:30:00Z',
  reference_only: false,
  unsubscribed: false,
  instances: 1,
};

export const monthlyImage: Unsubscribable = {
  ...negotiable,
  order_id: 7,
  product_name: 'MySQL Image',
  delivery: 'image',
  billing: 'yearly_monthly',
  order_status: 'completed',
  rule: 'standard',
  possible: true,
  note: 'While its subscription lasts: refunded what was paid less the hours used and a handling fee (R-UNS-2); its ECS and image are deleted at once.',
  max_amount: '69.00',
};

/** A stand-in for the standard unsubscription's commands; `changed` makes the first try a conflict. */
export function fakeStandard(options: { changed?: boolean } = {}) {
  let order = monthlyImage;
  let refund = monthlyRefund;
  let conflict = options.changed === true;
  return (command: string, args: Record<string, unknown>): unknown => {
    switch (command) {
      case 'unsubscriptions_list':
        return pageOf([order], args.page as PageRequest | undefined);
      case 'unsubscribe_quote':
        return order;
      case 'unsubscribe_standard_quote':
        return refund;
      case 'unsubscribe_standard': {
        if (conflict) {
          conflict = false;
          refund = { ...refund, hours_used: 101, refund: '52.91' };
          throw {
            code: 'conflict',
            message:
              'the refund is now 52.91 (you confirmed 53.00): look at the new figures and confirm again',
          } satisfies ApiError;
        }
        if (args.expectedRefund !== refund.refund)
          throw { code: 'conflict', message: 'changed' } satisfies ApiError;
        refund = { ...refund, unsubscribed: true };
        order = {
          ...order,
          order_status: 'cancelled',
          possible: false,
          note: 'Unsubscribed by the standard rules on 2026-03-06T14:30:00Z: 53.00 refunded, its resources released.',
        };
        return refund;
      }
      default:
        throw { code: 'internal', message: `Unknown command ${command}` } satisfies ApiError;
    }
  };
}
