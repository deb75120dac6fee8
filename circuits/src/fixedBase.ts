// Fixed-base scalar multiplication on BN254 in the curve's own wasm (ffjavascript/wasmcurves).
//
// Every point of a dev ptau is a multiple of one generator, so a table of d·2^(w·j)·G for each
// w-bit window j and digit d turns one multiplication into ceil(256/w) mixed additions, where
// a generic one costs ~254 doublings and ~127 additions (~200 µs in G1, ~700 µs in G2 here).
// The wasm runs in a private instance with its own memory, so the table can be large without
// disturbing the curve object ffjavascript hands out.
import type { Curve } from 'ffjavascript';

export type GroupName = 'g1' | 'g2';

type Exports = Record<string, (...args: number[]) => number>;

const SUPPORTED_WINDOWS = [4, 8, 12, 16] as const;

/** The window width minimising table building plus per-point additions for `count` points. */
export function bestWindow(count: number): number {
  const cost = (w: number) => Math.ceil(256 / w) * (2 ** w + count);
  return SUPPORTED_WINDOWS.reduce((best, w) => (cost(w) < cost(best) ? w : best));
}

export class FixedBaseMultiplier {
  private constructor(
    private readonly exports: Exports,
    private readonly memory: WebAssembly.Memory,
    private readonly prefix: GroupName,
    private readonly affineSize: number,
    private readonly jacobianSize: number,
    private readonly window: number,
    private readonly table: number,
  ) {}

  /** Builds the table for the generator of `group` of a single-threaded ffjavascript curve. */
  static async create(curve: Curve, group: GroupName, window: number): Promise<FixedBaseMultiplier> {
    if (!(SUPPORTED_WINDOWS as readonly number[]).includes(window)) throw new RangeError(`unsupported window ${window}`);
    const tm = curve.tm;
    if (tm.code === undefined) throw new Error('FixedBaseMultiplier needs a curve built with { singleThread: true }');
    const memory = new WebAssembly.Memory({ initial: 32 });
    const instance = await WebAssembly.instantiate(await WebAssembly.compile(tm.code), { env: { memory } });
    const exports = instance.exports as unknown as Exports;
    const n8 = (group === 'g1' ? curve.G1 : curve.G2).F.n8;
    const windows = Math.ceil(256 / window);
    const digits = 2 ** window;
    const table = allocate(memory, windows * digits * 2 * n8);
    const scratch = allocate(memory, digits * 3 * n8);
    const base = allocate(memory, 3 * n8);
    const baseAffine = allocate(memory, 2 * n8);
    const call = (name: string, ...args: number[]) => exports[`${group}m_${name}`]!(...args);

    // Window j holds d·B_j for d < 2^w (entry 0 unused), B_j = 2^(w·j)·G; summing B_j 2^w
    // times walks to B_(j+1).
    call('copy', group === 'g1' ? tm.pG1gen : tm.pG2gen, base);
    for (let j = 0; j < windows; j++) {
      call('toAffine', base, baseAffine);
      call('zero', scratch);
      for (let d = 1; d < digits; d++) call('addMixed', scratch + (d - 1) * 3 * n8, baseAffine, scratch + d * 3 * n8);
      call('addMixed', scratch + (digits - 1) * 3 * n8, baseAffine, base);
      batchToAffine(exports, group, memory, scratch, digits, table + j * digits * 2 * n8, 3 * n8);
    }
    return new FixedBaseMultiplier(exports, memory, group, 2 * n8, 3 * n8, window, table);
  }

  /** scalar_i·G for each scalar (0 <= scalar < 2^256), as affine points in the wasm's LEM form. */
  multiply(scalars: readonly bigint[]): Uint8Array {
    const { affineSize, jacobianSize, window } = this;
    const windows = Math.ceil(256 / window);
    const hexPerWindow = window / 4;
    const mark = freePointer(this.memory);
    const jacobian = allocate(this.memory, scalars.length * jacobianSize);
    const affine = allocate(this.memory, scalars.length * affineSize);
    const zero = this.exports[`${this.prefix}m_zero`]!;
    const addMixed = this.exports[`${this.prefix}m_addMixed`]!;
    for (let i = 0; i < scalars.length; i++) {
      const acc = jacobian + i * jacobianSize;
      zero(acc);
      const hex = scalars[i]!.toString(16).padStart(windows * hexPerWindow, '0');
      for (let j = 0; j < windows; j++) {
        const end = hex.length - j * hexPerWindow;
        const digit = Number.parseInt(hex.slice(end - hexPerWindow, end), 16);
        if (digit !== 0) addMixed(acc, this.table + ((j << window) + digit) * affineSize, acc);
      }
    }
    batchToAffine(this.exports, this.prefix, this.memory, jacobian, scalars.length, affine, jacobianSize);
    const out = new Uint8Array(this.memory.buffer, affine, scalars.length * affineSize).slice();
    setFreePointer(this.memory, mark);
    return out;
  }
}

// The wasm keeps its free-memory pointer in the first word of its memory; its own functions
// take scratch space above it, so every allocation here moves it.
function freePointer(memory: WebAssembly.Memory): number {
  return new Uint32Array(memory.buffer, 0, 1)[0]!;
}

function setFreePointer(memory: WebAssembly.Memory, value: number): void {
  new Uint32Array(memory.buffer, 0, 1)[0] = value;
}

/** Makes sure `bytes` more fit above the free pointer. */
function reserve(memory: WebAssembly.Memory, bytes: number): void {
  const needed = freePointer(memory) + bytes;
  if (needed > memory.buffer.byteLength) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
}

function allocate(memory: WebAssembly.Memory, length: number): number {
  const start = (freePointer(memory) + 7) & ~7;
  reserve(memory, start - freePointer(memory) + length);
  setFreePointer(memory, start + length);
  return start;
}

/** Batch conversion to affine takes scratch space above the free pointer (a field element and more per point). */
function batchToAffine(
  exports: Exports,
  prefix: GroupName,
  memory: WebAssembly.Memory,
  jacobian: number,
  count: number,
  affine: number,
  jacobianSize: number,
): void {
  reserve(memory, count * jacobianSize + (1 << 16));
  exports[`${prefix}m_batchToAffine`]!(jacobian, count, affine);
}
