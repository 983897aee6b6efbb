/**
 * How every call reaches the backend: the generated command's `Result` unwrapped into its data,
 * or an `ApiFailure` with one of the core's error codes.
 */
import type { ApiError, ErrorCode } from './bindings';

/** What every generated command resolves to. */
type Result<T, E> = { status: 'ok'; data: T } | { status: 'error'; error: E };

// A record, not a list, so that a code added in the core fails the type check until it is here.
const ERROR_CODES: Record<ErrorCode, true> = {
  not_found: true,
  invalid_input: true,
  store_too_new: true,
  storage: true,
  invalid_image: true,
  payment_declined: true,
  insufficient_balance: true,
  conflict: true,
  forbidden: true,
  authorization_required: true,
  flow_frozen: true,
  flow_closed: true,
  not_your_turn: true,
  appeal_not_allowed_yet: true,
  too_soon: true,
  unauthenticated: true,
  out_of_sequence: true,
  internal: true,
};

/** A backend call that did not return data: the backend's error code and message. */
export class ApiFailure extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** Turns whatever the backend rejected with into an ApiFailure. */
function failureFromBackend(error: unknown): ApiFailure {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as Partial<ApiError>;
    if (isErrorCode(code) && typeof message === 'string') {
      return new ApiFailure(code, message);
    }
  }
  // Tauri refuses a command the window was not granted before it runs (a kiosk's window has
  // only what the demo needs): that is a refusal to say plainly, not a failure of the core.
  if (typeof error === 'string' && /not allowed/i.test(error)) {
    return new ApiFailure('forbidden', 'This is not available on this demo stand.');
  }
  if (typeof error === 'string' && error.length > 0) {
    return new ApiFailure('internal', `The application core failed: ${error}`);
  }
  return new ApiFailure('internal', 'The application core returned an unexpected error.');
}

/** Turns an exception thrown on the way (IPC missing, serialisation) into an ApiFailure. */
function failureFromException(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ApiFailure(
    'internal',
    `KooGallery could not reach its application core (${detail}). Restart the app and try again.`,
  );
}

export async function unwrap<T>(call: () => Promise<Result<T, ApiError>>): Promise<T> {
  let result: Result<T, ApiError>;
  try {
    result = await call();
  } catch (error) {
    throw failureFromException(error);
  }
  if (result.status === 'ok') return result.data;
  throw failureFromBackend(result.error);
}
