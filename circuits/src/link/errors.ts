// Errors of the linker and of linked witnesses; the circuits package's error family.
import { CircuitError } from '../errors.js';

/** A link plan does not fit its parts (unknown signal, binding to a later copy, ...). */
export class LinkError extends CircuitError {
  static override readonly code = 'circuits.link';
  constructor(message: string) {
    super(LinkError.code, message);
  }
}

/** A part's witness calculator refused its input: the linked circuit rejects the witness. */
export class LinkedWitnessError extends CircuitError {
  static override readonly code = 'circuits.linked_witness';
  readonly copy: number;
  constructor(copy: number, part: string, cause: unknown) {
    super(LinkedWitnessError.code, `copy ${copy} (${part}): ${(cause as Error).message ?? String(cause)}`, { cause });
    this.copy = copy;
  }
}
