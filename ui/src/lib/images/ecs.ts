/**
 * The ECS an image is provisioned with: the limits the core enforces, the network proposed
 * when the account has none, the flavour an edition recommends and the ports a new security
 * group opens.
 */
import type { Flavour } from '../api';

/** The bandwidths an EIP is sold in (the core accepts 1 to 300 Mbit/s). */
export const MAX_EIP_MBPS = 300;
/** Instances per submission (the core refuses more). */
export const MAX_INSTANCES = 20;

export const DEFAULT_VPC_NAME = 'vpc-koogallery';
export const DEFAULT_VPC_CIDR = '192.168.0.0/16';

/**
 * The flavour an edition recommends ("2 vCPUs | 4 GiB recommended"): the smallest with at
 * least those vCPUs and that memory; else the first on offer.
 */
export function recommendedFlavour(flavours: Flavour[], specification: string): Flavour | null {
  const vcpus = Number(/(\d+)\s*vCPU/i.exec(specification)?.[1] ?? 0);
  const memory = Number(/(\d+)\s*Gi?B/i.exec(specification)?.[1] ?? 0);
  return (
    flavours.find((f) => f.vcpus >= vcpus && f.memory_gib >= memory) ??
    flavours[flavours.length - 1] ??
    null
  );
}

/** "22, 80 443" → [22, 80, 443]; null when a part is not a port (1–65535). */
export function parsePorts(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length === 0) return null;
  const ports = parts.map((part) => (/^\d{1,5}$/.test(part) ? Number(part) : NaN));
  return ports.every((port) => Number.isInteger(port) && port >= 1 && port <= 65535) ? ports : null;
}
