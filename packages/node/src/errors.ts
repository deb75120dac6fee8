// The node's errors, in the project's error tree (docs/protocol.md §8.1, §13.3): a refused
// request is a RequestError carrying its HTTP status and a namespaced code (`node.unknown_field`);
// a rule of @zkr/core broken by an operation keeps core's own code (`core.insufficient_balance`).
import { ZkrError } from '@zkr/core/errors';
import { operationField } from './oneOperation.js';

/** A refused request: HTTP status, a stable code, the request field to blame. */
export class RequestError extends ZkrError {
  static override readonly code = 'node.request';
  declare readonly details: Record<string, unknown>;

  constructor(
    readonly statusCode: number,
    code: string,
    field: string | undefined,
    message: string,
    /** Extra members of the JSON answer, e.g. the operation a replay was accepted as. */
    details: Record<string, unknown> = {},
    options: { cause?: unknown } = {},
  ) {
    super(code, field === undefined ? message : `${field}: ${message}`, { ...(field === undefined ? {} : { field }), details, cause: options.cause });
  }

  /** core's rule `error`, broken by the operation of a request: its code, the request's field. */
  static fromRule(error: ZkrError, statusCode = 422): RequestError {
    const message = error.message.replace(/^operations\[\d+\]\.?[\w.]*: /, '');
    return new RequestError(statusCode, error.code, operationField(error.field), message, {}, { cause: error });
  }

  toJSON(): Record<string, unknown> {
    return { error: { code: this.code, field: this.field, message: this.message, ...this.details } };
  }
}

/** The operation's signature is already stored: a replay. */
export class DuplicateOperationError extends ZkrError {
  static override readonly code = 'node.duplicate_operation';
  constructor(readonly existingId: number) {
    super(DuplicateOperationError.code, `this signed operation was already accepted as operation ${existingId}`, { field: 'signature' });
  }
}
