import { describe, expect, it } from 'vitest';
import { sentence } from './text';

describe('sentence', () => {
  it('capitalises and ends with a full stop once', () => {
    expect(sentence('the company is required')).toBe('The company is required.');
    expect(sentence('  Done. ')).toBe('Done.');
    expect(sentence('')).toBe('');
  });
});
