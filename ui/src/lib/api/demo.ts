/** The trade-show demo, its kiosk, and the first screen shown. */
import { commands } from './bindings';
import type { DemoStatus, TimeStep, Travel } from './bindings';
import { ApiFailure, unwrap } from './call';

/**
 * Where the demo stands: its clock, the moves that can be undone, what fires next; `null` when
 * the app is not in demo mode (the core answers `forbidden` to every demo command then).
 */
export async function loadDemoStatus(): Promise<DemoStatus | null> {
  try {
    return await unwrap(() => commands.demoStatus());
  } catch (error) {
    if (error instanceof ApiFailure && error.code === 'forbidden') return null;
    throw error;
  }
}

/**
 * Puts the demo back to its first state, clock and role included (R-DEMO-1); for the next
 * visitor, in a new page that takes this one's place (`DemoStatus.new_page`).
 */
export function resetDemo(nextVisitor: boolean): Promise<DemoStatus> {
  return unwrap(() => commands.demoReset(nextVisitor));
}

/** Moves the demo clock forward by `step`; what fired on the way, in order (R-DEMO-2). */
export function travelInTime(step: TimeStep): Promise<Travel> {
  return unwrap(() => commands.demoTravel(step));
}

/** Puts the store back as it was before the last move of the clock. */
export function undoTravel(): Promise<DemoStatus> {
  return unwrap(() => commands.demoUndo());
}

/** True when the app runs as an unattended stand's kiosk (R-DEMO-3). */
export function loadKioskStatus(): Promise<boolean> {
  return unwrap(() => commands.kioskStatus());
}

/** The first screen is laid out: the shell shows the window, made hidden until then. */
export async function firstScreenDrawn(): Promise<void> {
  await unwrap(() => commands.firstScreenDrawn());
}

/** Staff leave the kiosk with its PIN: the app ends. */
export async function leaveKiosk(pin: string): Promise<void> {
  await unwrap(() => commands.kioskLeave(pin));
}
