/**
 * A whole number as the app shows counts: "1,234". One formatter, made once: each
 * `toLocaleString('en-US')` makes ICU's number formatter anew, outside the JavaScript heap,
 * and the search's filters alone show dozens of counts at each keystroke.
 */
const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatWhole(count: number): string {
  return WHOLE.format(count);
}
