/**
 * Where a message leads, as the core decides it: the service flow it tells of, the subscription
 * (expiry, grace, renewals: an unsupervised order has no flow to open), the invoices or the
 * service tickets.
 */
import type { Message, MessageLink } from '../api';
import { buildHash } from '../router/route';
import { flowHref } from '../supervision/format';

export interface MessageTarget {
  href: string;
  label: string;
}

export function messageTarget(link: MessageLink, orderId: Message['order_id']): MessageTarget {
  const ofOrder = orderId === null ? '' : ` of order #${orderId}`;
  switch (link.to) {
    case 'flow':
      return { href: flowHref(link.order_id), label: `Service flow of order #${link.order_id}` };
    case 'subscription':
      return {
        href: buildHash({ name: 'subscription', id: link.id }),
        label: `Subscription${ofOrder}`,
      };
    case 'invoices':
      return { href: buildHash({ name: 'invoices' }), label: 'Your invoices' };
    case 'tickets':
      return { href: buildHash({ name: 'tickets' }), label: 'Your service tickets' };
  }
}
