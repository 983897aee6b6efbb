/**
 * One page of a list as the core answers it, for stand-ins of the commands that list a page at
 * a time. Refuses a limit the core refuses, so a screen asking for too many rows fails its tests.
 */
import type { ApiError, Page, PageRequest } from '../api';

/** Rows `offset` to `offset + limit` of `rows` (0 and 20 when absent), and how many there are. */
export function pageOf<T>(rows: T[], page: PageRequest | undefined): Page<T> {
  const offset = page?.offset ?? 0;
  const limit = page?.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw {
      code: 'invalid_input',
      message: 'the limit must be between 1 and 100',
    } satisfies ApiError;
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw {
      code: 'invalid_input',
      message: 'the offset must be a whole number',
    } satisfies ApiError;
  }
  return { items: rows.slice(offset, offset + limit), total: rows.length, offset, limit };
}
