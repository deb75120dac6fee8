// Names the machine next to every number the harness writes.
import { cpus, totalmem, platform, release } from 'node:os';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${platform()} ${release()}`,
  };
}

/** A short file-name-safe id, e.g. "2c-amd-epyc-9b14". */
export function machineId(machine: Machine): string {
  const cpu = machine.cpu.toLowerCase().replace(/\(r\)|\(tm\)|processor|cpu|@.*$/g, '');
  return `${machine.cores}c-${cpu
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}`;
}

export function machineLine(machine: Machine): string {
  return `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}`;
}
