/**
 * One action a person submits on a service flow, from the moment its form opens.
 *
 * The operation id is made once, when the form opens, and sent with every try: a double
 * click, or a retry after an answer that never came, names the same operation, which the
 * core applies at most once. While a try is pending the next is ignored. The core's refusal
 * is kept for the form to show; a success hands the flow as it now stands to `done`.
 */
import { actOnFlow, ApiFailure, newOperationId, type Action, type FlowDetail } from '../api';
import { asFailure } from '../util/resource.svelte';

export class Submission {
  readonly operationId = newOperationId();
  pending = $state(false);
  error = $state.raw<ApiFailure | null>(null);
  readonly #orderId: number;
  readonly #done: (detail: FlowDetail) => void;

  constructor(orderId: number, done: (detail: FlowDetail) => void) {
    this.#orderId = orderId;
    this.#done = done;
  }

  /**
   * Builds the action (reading picked files may take a moment; a check that fails throws an
   * `ApiFailure`, shown like the core's) and sends it. Resolves to whether it was applied.
   */
  async submit(build: () => Action | Promise<Action>): Promise<boolean> {
    if (this.pending) return false;
    this.pending = true;
    this.error = null;
    try {
      const action = await build();
      const detail = await actOnFlow(this.#orderId, this.operationId, action);
      this.#done(detail);
      return true;
    } catch (error) {
      this.error = asFailure(error);
      return false;
    } finally {
      this.pending = false;
    }
  }
}

/** A check made before anything is sent, shown like a refusal from the core. */
export function invalid(message: string): ApiFailure {
  return new ApiFailure('invalid_input', message);
}
