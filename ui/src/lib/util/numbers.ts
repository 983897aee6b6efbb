/**
 * A whole number as the app shows counts: "1,234", rounded half away from zero, as
 * `Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })` shows it, but for a negative
 * number that rounds to none, which is "0" here rather than "-0".
 *
 * Grouped here rather than by ICU: the first ICU formatter a page makes opens ICU's data,
 * about 15 ms of WebKit's web process, and the home and the top bar show counts in the first
 * frame (docs/benchmarks.md). Every later count would also make a formatter or share one;
 * this makes none.
 */
export function formatWhole(count: number): string {
  if (!Number.isFinite(count)) return Number.isNaN(count) ? 'NaN' : count > 0 ? '∞' : '-∞';
  const whole = Math.round(Math.abs(count));
  const grouped = whole.toFixed(0).replace(/\B(?=(\d{3})+$)/g, ',');
  return count < 0 && whole !== 0 ? `-${grouped}` : grouped;
}
