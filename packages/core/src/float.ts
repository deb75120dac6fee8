// Packed amounts for L1 data (docs/protocol.md §2.1): value = mantissa * 10^exponent.
import { InvalidOperation } from './errors.js';

interface FloatFormat {
  readonly mantissaBits: number;
  readonly exponentBits: number;
}

const FLOAT40: FloatFormat = { mantissaBits: 35, exponentBits: 5 };
const FLOAT16: FloatFormat = { mantissaBits: 11, exponentBits: 5 };

function encode(amount: bigint, format: FloatFormat, field: string): bigint {
  if (typeof amount !== 'bigint' || amount < 0n) {
    throw new InvalidOperation(`must be a non-negative bigint, received ${String(amount)}`, { field });
  }
  const maxMantissa = (1n << BigInt(format.mantissaBits)) - 1n;
  const maxExponent = (1 << format.exponentBits) - 1;
  // The largest exponent that divides the amount exactly gives the smallest mantissa.
  let mantissa = amount;
  let exponent = 0;
  while (mantissa !== 0n && mantissa % 10n === 0n && exponent < maxExponent) {
    mantissa /= 10n;
    exponent++;
  }
  if (mantissa > maxMantissa) {
    throw new InvalidOperation(`${amount} has no exact encoding as a ${format.mantissaBits}-bit mantissa times a power of ten`, { field });
  }
  return (BigInt(exponent) << BigInt(format.mantissaBits)) | mantissa;
}

function decode(packed: bigint, format: FloatFormat, field: string): bigint {
  const bits = format.mantissaBits + format.exponentBits;
  if (typeof packed !== 'bigint' || packed < 0n || packed >= 1n << BigInt(bits)) {
    throw new InvalidOperation(`packed float must be in [0, 2^${bits}), received ${String(packed)}`, { field });
  }
  const mantissa = packed & ((1n << BigInt(format.mantissaBits)) - 1n);
  const exponent = packed >> BigInt(format.mantissaBits);
  return mantissa * 10n ** exponent;
}

export const encodeFloat40 = (amount: bigint, field = 'amount'): bigint => encode(amount, FLOAT40, field);
export const decodeFloat40 = (packed: bigint, field = 'amount'): bigint => decode(packed, FLOAT40, field);
export const encodeFloat16 = (fee: bigint, field = 'fee'): bigint => encode(fee, FLOAT16, field);
export const decodeFloat16 = (packed: bigint, field = 'fee'): bigint => decode(packed, FLOAT16, field);
