/**
 * What the tests of the service flow's page share: the actions a test's backend was asked to
 * take, and a flow one action further on. Used by tests only.
 */
import type { Action, FlowDetail } from '../lib/api';
import { startRecord } from '../lib/supervision/testing';
import type { IpcCall } from '../lib/testing/ipc';

/** The actions the page sent to the core, in order, each with its operation id. */
export const acts = (calls: IpcCall[]) =>
  calls
    .filter((c) => c.command === 'supervision_act')
    .map((c) => ({ operationId: c.args.operationId as string, action: c.args.action as Action }));

/** The flow after an action: a record with `title` at the end, and the page's new state. */
export function after(
  detail: FlowDetail,
  title: string,
  changes: Partial<FlowDetail> = {},
): FlowDetail {
  return {
    ...detail,
    records: [
      ...detail.records,
      { ...startRecord, id: `op-${title}`, position: detail.records.length + 1, title },
    ],
    ...changes,
  };
}
