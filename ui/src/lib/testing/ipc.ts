/**
 * Test utilities around Tauri's IPC mock: answer commands from fixtures and record them.
 * Tests use the real `src/lib/api` module; only the IPC underneath is replaced.
 */
import { mockIPC } from '@tauri-apps/api/mocks';
import { fakeCatalog } from './fixtures';

export interface IpcCall {
  command: string;
  args: Record<string, unknown>;
}

type Handler = (command: string, args: Record<string, unknown>) => unknown;

/** Installs `handler` as the backend and returns the list of calls it receives. */
export function mockBackend(handler: Handler = fakeCatalog()): IpcCall[] {
  const calls: IpcCall[] = [];
  mockIPC((command, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    calls.push({ command, args: payload });
    return handler(command, payload);
  });
  return calls;
}

/** A promise with its resolve and reject exposed, to answer a call when the test wants. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
