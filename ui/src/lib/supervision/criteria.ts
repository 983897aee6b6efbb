/**
 * The search criteria of Service Supervision as typed, checked and turned into the core's
 * query. Empty fields mean "no constraint"; a field that cannot be a criterion is named, and
 * nothing is asked of the core until it is fixed.
 */
import type { FlowQuery, FlowState } from '../api';

export interface Criteria {
  /** The order number, as typed. */
  order: string;
  product: string;
  /** '' for every state. */
  state: FlowState | '';
  /** YYYY-MM-DD, as a date input gives it, or ''. */
  from: string;
  to: string;
}

export const NO_CRITERIA: Readonly<Criteria> = {
  order: '',
  product: '',
  state: '',
  from: '',
  to: '',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The query for some criteria, or what is wrong with them. */
export function toQuery(criteria: Criteria): { query: FlowQuery } | { error: string } {
  const order = criteria.order.trim().replace(/^#/, '');
  if (order !== '' && !/^\d{1,9}$/.test(order)) {
    return { error: 'The order number is a whole number, like 12.' };
  }
  const from = criteria.from.trim();
  const to = criteria.to.trim();
  if ((from !== '' && !DATE.test(from)) || (to !== '' && !DATE.test(to))) {
    return { error: 'Dates are written like 2026-03-01.' };
  }
  // Same-length ISO dates compare as text.
  if (from !== '' && to !== '' && from > to) {
    return { error: 'The first date is after the last.' };
  }
  const product = criteria.product.trim();
  return {
    query: {
      order_id: order === '' ? null : Number(order),
      product: product === '' ? null : product,
      state: criteria.state === '' ? null : criteria.state,
      from: from === '' ? null : from,
      to: to === '' ? null : to,
    },
  };
}

/** Whether a query constrains anything. */
export function isFiltered(query: FlowQuery): boolean {
  return Object.values(query).some((value) => value !== null && value !== undefined);
}
