// Errors of the linker and of linked witnesses; the circuits package's error family.
import { CircuitError } from '../errors.js';

/** A link plan does not fit its parts (unknown signal, binding to a later copy, ...). */
export class LinkError extends CircuitError {
  constructor(message: string) {
    super('LINK', message);
  }
}

/** A part's witness calculator refused its input: the linked circuit rejects the witness. */
export class LinkedWitnessError extends CircuitError {
  readonly copy: number;
  constructor(copy: number, part: string, cause: unknown) {
    super('WITNESS', `copy ${copy} (${part}): ${(cause as Error).message ?? String(cause)}`, { cause });
    this.copy = copy;
  }
}
