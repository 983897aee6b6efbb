import { formatWhole } from './numbers';
/**
 * Lists shown a page at a time (My Orders, Purchased Apps, Hourly bills, Unsubscriptions,
 * Renewals, Messages, the orders Seller Center and Operations oversee): the page size, where
 * Previous and Next lead, the "1–20 of 57" line, and the page kept in a screen's address as
 * `?offset=20`.
 */

/** Rows per page: the backend's own default, asked for explicitly so the pager never guesses. */
export const PAGE_SIZE = 20;

/** "21–40 of 57", or "0 of 0" for an empty list; numbers grouped as the app writes them. */
export function rangeText(offset: number, shown: number, total: number): string {
  const of = formatWhole(total);
  if (shown === 0) return `0 of ${of}`;
  const first = formatWhole(offset + 1);
  const last = formatWhole(offset + shown);
  return `${first}–${last} of ${of}`;
}

/** Where Previous leads; never before the first row. */
export function previousOffset(offset: number, limit: number): number {
  return Math.max(0, offset - limit);
}

/** Where Next leads. */
export function nextOffset(offset: number, limit: number): number {
  return offset + limit;
}

/** The start of the last page of `total` rows: where an offset past the end is brought back. */
export function lastPageOffset(total: number, limit: number): number {
  return total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
}

/** An offset written plainly ("0", "20"), small enough for the backend; anything else is 0. */
export function offsetValue(value: string | null): number {
  const text = value?.trim() ?? '';
  return /^\d{1,9}$/.test(text) ? Number(text) : 0;
}

/** The query string of a page of a list: "" for the first, else `offset=20`. */
export function offsetQuery(offset: number): string {
  return offset > 0 ? `offset=${offset}` : '';
}
