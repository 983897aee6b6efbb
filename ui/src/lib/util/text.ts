/** A message from the core ("the company is required") as a sentence: capitalised, with a stop. */
export function sentence(message: string): string {
  const text = message.trim();
  if (text === '') return text;
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
