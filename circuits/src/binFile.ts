// The iden3 binary container that snarkjs reads and writes (.ptau, .zkey): a 4-byte magic,
// version 1, a section count, then sections of u32 id, u64 byte size and the body.
import { open, rename } from 'node:fs/promises';
import { ArtifactError } from './errors.js';

export class BinWriter {
  private constructor(
    private readonly handle: Awaited<ReturnType<typeof open>>,
    private position: number,
  ) {}

  /** Writes `path` through `fill`, whole or not at all: a failure leaves only `path.partial`. */
  static async writeFile(path: string, magic: string, sections: number, fill: (writer: BinWriter) => Promise<void>): Promise<void> {
    const partial = `${path}.partial`;
    const writer = await BinWriter.create(partial, magic, sections);
    try {
      await fill(writer);
    } finally {
      await writer.handle.close();
    }
    await rename(partial, path);
  }

  private static async create(path: string, magic: string, sections: number): Promise<BinWriter> {
    const handle = await open(path, 'w');
    const head = Buffer.alloc(12);
    head.write(magic, 0, 'ascii');
    head.writeUInt32LE(1, 4);
    head.writeUInt32LE(sections, 8);
    await handle.write(head, 0, 12, 0);
    return new BinWriter(handle, 12);
  }

  async write(bytes: Uint8Array): Promise<void> {
    await this.handle.write(bytes, 0, bytes.length, this.position);
    this.position += bytes.length;
  }

  /** Writes a section whose body `fill` streams through `write`, then back-fills its size. */
  async section(id: number, fill: () => Promise<void>): Promise<void> {
    const header = Buffer.alloc(12);
    header.writeUInt32LE(id, 0);
    const headerAt = this.position;
    await this.write(header);
    await fill();
    header.writeBigUInt64LE(BigInt(this.position - headerAt - 12), 4);
    await this.handle.write(header, 0, 12, headerAt);
  }
}

export interface SectionPlace {
  /** Byte offset of the section's body in the file. */
  readonly offset: number;
  readonly size: number;
}

/** What each magic is called in errors. */
const KINDS = { ptau: 'powers-of-tau file', zkey: 'zkey file' } as const;

/** Where each section of a binary container lies (the first of each id), reading only headers. */
export async function readSectionPlaces(path: string, magic: keyof typeof KINDS): Promise<Map<number, SectionPlace>> {
  const handle = await open(path, 'r').catch((cause: unknown) => {
    throw new ArtifactError(path, 'cannot be read', cause);
  });
  try {
    const { size: fileSize } = await handle.stat();
    const head = Buffer.alloc(12);
    await handle.read(head, 0, 12, 0);
    if (head.toString('ascii', 0, 4) !== magic) throw new ArtifactError(path, `is not a ${KINDS[magic]}`);
    const places = new Map<number, SectionPlace>();
    for (let i = 0, position = 12; i < head.readUInt32LE(8); i++) {
      const sectionHead = Buffer.alloc(12);
      await handle.read(sectionHead, 0, 12, position);
      const id = sectionHead.readUInt32LE(0);
      const size = Number(sectionHead.readBigUInt64LE(4));
      if (position + 12 + size > fileSize) throw new ArtifactError(path, `is truncated (section ${id})`);
      if (!places.has(id)) places.set(id, { offset: position + 12, size });
      position += 12 + size;
    }
    return places;
  } finally {
    await handle.close();
  }
}

/** `length` bytes from `offset` of section `id`. */
export async function readSectionBytes(path: string, places: Map<number, SectionPlace>, id: number, offset: number, length: number): Promise<Buffer> {
  const place = places.get(id);
  if (place === undefined || offset + length > place.size) throw new ArtifactError(path, `has no bytes ${offset}..${offset + length} in section ${id}`);
  const handle = await open(path, 'r');
  try {
    const bytes = Buffer.alloc(length);
    await handle.read(bytes, 0, length, place.offset + offset);
    return bytes;
  } finally {
    await handle.close();
  }
}
