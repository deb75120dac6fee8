// File input and command output: every read names the file and what was expected of it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Operation } from '@zkr/core';
import { parseOperations } from '@zkr/sdk/codec';
import { UsageError } from './errors.js';

export function readJsonFile<T = unknown>(path: string, what: string): T {
  if (!existsSync(path)) throw new UsageError(`${what} file not found: ${path}`);
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new UsageError(`${what} file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The operations of each file in order (the sdk's JSON codec); a file holds one or an array. */
export function readOperations(files: readonly string[]): Operation[] {
  return files.flatMap((file) => parseOperations(readJsonFile(file, 'operations'), file));
}

/** JSON that can hold bigints (written as decimal strings). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

export function writeJsonFile(path: string, value: unknown): void {
  writeFileSync(path, `${toJson(value)}\n`);
}

/** Runs a command's action with the program's output and error handling (see program.ts). */
export type Run = (action: (output: Output) => Promise<void>) => Promise<void>;

export interface Output {
  readonly json: boolean;
  /** Human progress and results; silent under --json. */
  info(message: string): void;
  /** The command's result: pretty for people, one JSON document under --json. */
  result(human: string, data: unknown): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    info: (message) => {
      if (!json) process.stderr.write(`${message}\n`);
    },
    result: (human, data) => {
      process.stdout.write(json ? `${toJson(data)}\n` : `${human}\n`);
    },
  };
}
