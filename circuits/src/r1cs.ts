// Reads the header of an .r1cs file (iden3 binary format) without loading the constraints.
import { open } from 'node:fs/promises';
import { ArtifactError } from './errors.js';

export interface R1csHeader {
  readonly wires: number;
  readonly publicOutputs: number;
  readonly publicInputs: number;
  readonly privateInputs: number;
  readonly constraints: number;
}

export async function readR1csHeader(path: string): Promise<R1csHeader> {
  const handle = await open(path, 'r').catch((cause: unknown) => {
    throw new ArtifactError(path, 'cannot be opened', cause);
  });
  try {
    const head = Buffer.alloc(12);
    await handle.read(head, 0, 12, 0);
    if (head.toString('ascii', 0, 4) !== 'r1cs') throw new ArtifactError(path, 'is not an r1cs file');
    const sections = head.readUInt32LE(8);
    let position = 12;
    for (let i = 0; i < sections; i++) {
      const sectionHead = Buffer.alloc(12);
      await handle.read(sectionHead, 0, 12, position);
      const id = sectionHead.readUInt32LE(0);
      const size = Number(sectionHead.readBigUInt64LE(4));
      if (id === 1) {
        const body = Buffer.alloc(Math.min(size, 128));
        await handle.read(body, 0, body.length, position + 12);
        const n8 = body.readUInt32LE(0);
        const at = 4 + n8;
        return {
          wires: body.readUInt32LE(at),
          publicOutputs: body.readUInt32LE(at + 4),
          publicInputs: body.readUInt32LE(at + 8),
          privateInputs: body.readUInt32LE(at + 12),
          constraints: body.readUInt32LE(at + 24),
        };
      }
      position += 12 + size;
    }
    throw new ArtifactError(path, 'has no header section');
  } finally {
    await handle.close();
  }
}
