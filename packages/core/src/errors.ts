// The root of every zkr error (docs/protocol.md §8.1). Each package's errors extend ZkrError, so a
// caller matches one namespaced `code` ("core.invalid_public_key", "prover.timeout", ...) and,
// where one input is to blame, the `field` that names it (e.g. "operations[1].amount").

export interface ZkrErrorOptions {
  readonly field?: string;
  readonly details?: unknown;
  readonly cause?: unknown;
}

export class ZkrError extends Error {
  /** The code of every error of this class; a family's base class holds its namespace. */
  static readonly code: string = 'zkr';

  readonly code: string;
  readonly field: string | undefined;
  readonly details: unknown;

  constructor(code: string, message: string, options: ZkrErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }

  /** The first ZkrError of `error`'s cause chain (the error itself included), if any. */
  static in(error: unknown): ZkrError | undefined {
    return causeChain(error).find((e): e is ZkrError => e instanceof ZkrError);
  }
}

/** `error`, then its cause, its cause's cause, ...: outermost first, each error once. */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && !chain.includes(e); e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

/** "InsufficientBalance" -> "insufficient_balance": the code suffix of a class name. */
function snakeCase(name: string): string {
  return name.replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').toLowerCase();
}

/** Declares one error class per rule of docs/protocol.md §8; the class name is the rule's name. */
function errorClass(name: string) {
  const code = `core.${snakeCase(name)}`;
  const cls = class extends ZkrError {
    static override readonly code = code;
    constructor(message: string, options: ZkrErrorOptions = {}) {
      super(code, options.field === undefined ? message : `${options.field}: ${message}`, options);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

export const InvalidOperation = errorClass('InvalidOperation');
export const UnknownAccount = errorClass('UnknownAccount');
export const AccountExists = errorClass('AccountExists');
export const TokenMismatch = errorClass('TokenMismatch');
export const InsufficientBalance = errorClass('InsufficientBalance');
export const BalanceOverflow = errorClass('BalanceOverflow');
export const NonceOverflow = errorClass('NonceOverflow');
export const BadSignature = errorClass('BadSignature');
export const FeeTokenMismatch = errorClass('FeeTokenMismatch');
export const PriorityQueueMismatch = errorClass('PriorityQueueMismatch');
export const BatchTooLarge = errorClass('BatchTooLarge');
export const FeeAccountMissing = errorClass('FeeAccountMissing');
export const InvalidPublicKey = errorClass('InvalidPublicKey');

export type InvalidOperation = InstanceType<typeof InvalidOperation>;
