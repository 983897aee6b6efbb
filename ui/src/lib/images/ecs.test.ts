import { describe, expect, it } from 'vitest';
import { flavours } from '../testing/fixtures';
import { parsePorts, recommendedFlavour } from './ecs';

describe('The ECS choices', () => {
  it('reads flavours from an edition and ports from text', () => {
    expect(recommendedFlavour(flavours, '4 vCPUs | 8 GiB recommended')?.id).toBe('c6.xlarge.2');
    expect(recommendedFlavour(flavours, 'whatever')?.id).toBe('s6.small.1');
    expect(parsePorts('22, 80 443')).toEqual([22, 80, 443]);
    expect(parsePorts('22, http')).toBeNull();
    expect(parsePorts('70000')).toBeNull();
    expect(parsePorts('')).toBeNull();
  });
});
