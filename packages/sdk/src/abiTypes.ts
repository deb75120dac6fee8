// TypeScript types read off the rollup's `as const` ABI (@zkr/contracts/artifacts), so event and
// struct shapes follow the Solidity: ethers decodes every integer as a bigint, addresses and
// bytes as hex strings, tuples as objects and arrays as arrays.
import type { rollupAbi } from '@zkr/contracts/artifacts';

interface AbiParameter {
  readonly name: string;
  readonly type: string;
  readonly components?: readonly AbiParameter[];
}

type PrimitiveOf<T extends string> = T extends `uint${string}` | `int${string}` ? bigint : T extends 'bool' ? boolean : string;

/** The decoded value of one ABI parameter. */
export type AbiValue<P> = P extends { readonly type: `${infer Element}[]` }
  ? readonly AbiValue<{ readonly type: Element; readonly components: P extends { readonly components: infer C } ? C : never }>[]
  : P extends { readonly type: 'tuple'; readonly components: infer C extends readonly AbiParameter[] }
    ? AbiObject<C>
    : P extends { readonly type: infer T extends string }
      ? PrimitiveOf<T>
      : never;

/** Parameters as an object keyed by their names. */
export type AbiObject<Ps extends readonly AbiParameter[]> = { readonly [P in Ps[number] as P['name']]: AbiValue<P> };

type RollupAbiEvent = Extract<(typeof rollupAbi)[number], { readonly type: 'event' }>;

/** The rollup's events, by name. */
export type RollupEventName = RollupAbiEvent['name'];

/** The arguments of rollup event `N`, by name (e.g. DepositQueued's `queueIndex`, `amount`). */
export type RollupEventArgs<N extends RollupEventName> = AbiObject<Extract<RollupAbiEvent, { readonly name: N }>['inputs']>;
