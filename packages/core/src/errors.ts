// Every failure core reports is a ZkrError with a stable `code` callers can match and, where
// one input is to blame, the `field` that names it (e.g. "operations[1].amount").

export interface ZkrErrorOptions {
  readonly field?: string;
  readonly details?: unknown;
  readonly cause?: unknown;
}

export class ZkrError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  readonly details: unknown;

  constructor(code: string, message: string, options: ZkrErrorOptions = {}) {
    super(options.field === undefined ? message : `${options.field}: ${message}`, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.field = options.field;
    this.details = options.details;
  }
}

/** Declares one error class per rule of docs/protocol.md §8; the class name is the code. */
function errorClass(code: string) {
  const cls = class extends ZkrError {
    constructor(message: string, options: ZkrErrorOptions = {}) {
      super(code, message, options);
    }
  };
  Object.defineProperty(cls, 'name', { value: code });
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
