// Typed event decoding: a rollup log becomes { name, args } with its arguments named as in the
// Solidity and typed from the ABI (abiTypes.ts), instead of positions cast by each reader.
import type { Interface, Log, LogDescription, ParamType, Result } from 'ethers';
import type { RollupEventArgs, RollupEventName } from './abiTypes.js';

/** A decoded rollup event: `name` narrows `args`. */
export type RollupEvent = { [N in RollupEventName]: { readonly name: N; readonly args: RollupEventArgs<N> } }[RollupEventName];

/** `value` decoded as `type` says, as plain values: tuples become objects keyed by their
 * components' names, arrays arrays. */
function plain(type: ParamType, value: unknown): unknown {
  if (type.isArray()) return Array.from(value as Result, (element) => plain(type.arrayChildren, element));
  if (type.isTuple()) return Object.fromEntries(type.components.map((component, i) => [component.name, plain(component, (value as Result)[i])]));
  return value;
}

/** `parsed` (ethers' decoding of a rollup log) with its arguments by name. */
export function eventOf(parsed: LogDescription): RollupEvent {
  return { name: parsed.name, args: Object.fromEntries(parsed.fragment.inputs.map((input, i) => [input.name, plain(input, parsed.args[i])])) } as RollupEvent;
}

/** The rollup event `log` holds, or null if it is not one of `rollup`'s events. */
export function decodeRollupEvent(rollup: Interface, log: Pick<Log, 'topics' | 'data'>): RollupEvent | null {
  const parsed = rollup.parseLog(log);
  return parsed ? eventOf(parsed) : null;
}
