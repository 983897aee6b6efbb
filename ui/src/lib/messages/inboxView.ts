/**
 * Which messages the Messages screen shows (every one or the unread only, a page) and its query
 * string, `#/messages?unread=1&offset=20`, so that back, forward and coming back from a service
 * flow find the same rows. Read without guessing: anything but `unread=1`, or an offset not
 * written plainly, is dropped for its default, so that an edited or stale address still opens
 * the screen.
 */
import { offsetValue } from '../util/paging';

/** What the address says; each part is absent when it is the default (every message, page one). */
export interface InboxView {
  unread?: boolean;
  offset?: number;
}

export function parseInboxView(params: URLSearchParams): InboxView {
  const view: InboxView = {};
  if (params.get('unread') === '1') view.unread = true;
  const offset = offsetValue(params.get('offset'));
  if (offset > 0) view.offset = offset;
  return view;
}

/** The query string of a view, defaults left out, the filter first ("" for the default view). */
export function inboxViewQuery(view: InboxView): string {
  const params = new URLSearchParams();
  if (view.unread === true) params.set('unread', '1');
  const offset = view.offset ?? 0;
  if (offset > 0) params.set('offset', String(offset));
  return params.toString();
}
