// Peak resident memory of this process so far (VmHWM), in MiB.
import { readFileSync } from 'node:fs';

export function peakRssMiB(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}
