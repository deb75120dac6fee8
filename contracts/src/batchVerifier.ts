// Our Solidity Groth16 verifier (issue #5): one contract per circuit that checks k proofs of its
// verification key with a single multi-pairing, k + 3 pairings instead of 4k. Generated from the
// circuit's verification_key.json; k = 1 costs what snarkjs' verifier does (benchmarks/RESULTS.md),
// so it is the only verifier the rollup uses.
import { readFileSync } from 'node:fs';
import { keccak256, toBeHex, concat } from 'ethers';
import { getInstance, loadArtifacts, type LoadOptions, type SetupIdentity } from '@zkr/circuits';
import { FIELD_MODULUS as SCALAR_FIELD, ZkrError } from '@zkr/core';

/** BN254 base field (curve coordinates); the scalar field (public inputs, scalars) is core's FIELD_MODULUS. */
export const BASE_FIELD = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

type G1 = readonly [bigint, bigint];
/** A G2 point in the EVM's word order: x_im, x_re, y_im, y_re (EIP-197). */
type G2 = readonly [bigint, bigint, bigint, bigint];

export interface VerificationKey {
  readonly alpha: G1;
  readonly beta: G2;
  readonly gamma: G2;
  readonly delta: G2;
  /** IC_0 .. IC_n: one point per public input, plus the constant term. */
  readonly ic: readonly G1[];
}

/** A verification_key.json that is not a BN254 Groth16 key; `field` names the bad entry. */
export class VerificationKeyError extends ZkrError {
  static override readonly code = 'contracts.verification_key';
  declare readonly field: string;
  constructor(field: string, reason: string) {
    super(VerificationKeyError.code, `verification key ${field}: ${reason}`, { field });
  }
}

function coordinate(value: unknown, field: string): bigint {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new VerificationKeyError(field, `expected a decimal string, got ${JSON.stringify(value)}`);
  const n = BigInt(value);
  if (n >= BASE_FIELD) throw new VerificationKeyError(field, 'coordinate not below the base field modulus');
  return n;
}

/** snarkjs writes affine points in projective form; only z = 1 is accepted. */
function g1(value: unknown, field: string): G1 {
  if (!Array.isArray(value) || value.length !== 3 || value[2] !== '1') throw new VerificationKeyError(field, 'expected an affine G1 point [x, y, "1"]');
  return [coordinate(value[0], `${field}[0]`), coordinate(value[1], `${field}[1]`)];
}

function g2(value: unknown, field: string): G2 {
  const pair = (v: unknown, i: number): [bigint, bigint] => {
    if (!Array.isArray(v) || v.length !== 2) throw new VerificationKeyError(`${field}[${i}]`, 'expected an Fq2 element [re, im]');
    return [coordinate(v[0], `${field}[${i}][0]`), coordinate(v[1], `${field}[${i}][1]`)];
  };
  if (!Array.isArray(value) || value.length !== 3 || JSON.stringify(value[2]) !== '["1","0"]')
    throw new VerificationKeyError(field, 'expected an affine G2 point [x, y, ["1", "0"]]');
  const [x, y] = [pair(value[0], 0), pair(value[1], 1)];
  return [x[1], x[0], y[1], y[0]];
}

/** Reads snarkjs' verification_key.json (Groth16 over bn128). */
export function parseVerificationKey(json: unknown): VerificationKey {
  const v = json as Record<string, unknown>;
  if (v?.['protocol'] !== 'groth16') throw new VerificationKeyError('protocol', `expected "groth16", got ${JSON.stringify(v?.['protocol'])}`);
  if (v['curve'] !== 'bn128') throw new VerificationKeyError('curve', `expected "bn128", got ${JSON.stringify(v['curve'])}`);
  const ic = v['IC'];
  if (!Array.isArray(ic) || ic.length !== Number(v['nPublic']) + 1) throw new VerificationKeyError('IC', 'expected nPublic + 1 points');
  return {
    alpha: g1(v['vk_alpha_1'], 'vk_alpha_1'),
    beta: g2(v['vk_beta_2'], 'vk_beta_2'),
    gamma: g2(v['vk_gamma_2'], 'vk_gamma_2'),
    delta: g2(v['vk_delta_2'], 'vk_delta_2'),
    ic: ic.map((p, i) => g1(p, `IC[${i}]`)),
  };
}

/** The key's identity (docs/protocol.md §7.6): keccak256 of its words as the verifier holds
 * them, 32 bytes each: alpha (x, y), beta, gamma, delta (x_im, x_re, y_im, y_re), then IC_0..IC_n. */
export function verificationKeyHash(vkey: VerificationKey): string {
  const words = [...vkey.alpha, ...vkey.beta, ...vkey.gamma, ...vkey.delta, ...vkey.ic.flat()];
  return keccak256(concat(words.map((w) => toBeHex(w, 32))));
}

/** -P for a G2 point: the pairing check then needs no negation at run time. */
function negate([xIm, xRe, yIm, yRe]: G2): G2 {
  return [xIm, xRe, (BASE_FIELD - yIm) % BASE_FIELD, (BASE_FIELD - yRe) % BASE_FIELD];
}

export function batchVerifierName(circuit: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(circuit)) throw new RangeError(`circuit name ${JSON.stringify(circuit)} is not a Solidity identifier`);
  return `BatchVerifier_${circuit}`;
}

const g2Constants = (name: string, p: G2): string[] =>
  ['X_IM', 'X_RE', 'Y_IM', 'Y_RE'].map((part, i) => `    uint256 internal constant ${name}_${part} = ${p[i]};`);
const g2Args = (name: string): string => ['X_IM', 'X_RE', 'Y_IM', 'Y_RE'].map((part) => `${name}_${part}`).join(', ');

/** The Solidity source of contract `name` verifying batches of proofs of `vkey`, for a tree of
 * `levels` 4-ary levels (the rollup refuses a verifier of another depth). */
export function batchVerifierSource(name: string, vkey: VerificationKey, levels: number): string {
  const n = vkey.ic.length - 1;
  const ic = vkey.ic.flatMap(([x, y], j) => [`    uint256 internal constant IC${j}_X = ${x};`, `    uint256 internal constant IC${j}_Y = ${y};`]);
  const msm = vkey.ic.slice(1).map((_, j) => `            ok := and(ok, addMul(acc, IC${j + 1}_X, IC${j + 1}_Y, mload(add(scalars, ${32 * (j + 1)}))))`);
  return `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Groth16 verifier of k proofs at once, generated by zkr (contracts/src/batchVerifier.ts) from a
/// verification key: do not edit, regenerate. With r_0 = 1 and r_i (i >= 1) derived from
/// keccak256 of every proof and input, it checks
///   prod_i e(r_i A_i, B_i) * e((sum r_i) alpha, -beta) * e(sum_i r_i L_i, -gamma) * e(sum_i r_i C_i, -delta) == 1
/// where L_i = IC_0 + sum_j x_ij IC_j: k + 3 pairings, and one ecMul per input position.
/// A false proof passes only if the r_i, which the prover cannot choose, hit a root of a non-zero
/// polynomial: probability about k / 2^254.
contract ${name} {
    /// Malformed calls revert; \`verifyProofs\` returns false only for well-formed proofs that fail.
    error BatchVerifier__NoProofs();
    error BatchVerifier__InputCount(uint256 expected, uint256 received);
    error BatchVerifier__InputNotInField(uint256 proof, uint256 position);
    error BatchVerifier__CoordinateNotInField(uint256 proof, uint256 word);
    error BatchVerifier__NotOnCurve();

    uint256 public constant PUBLIC_INPUTS = ${n};
    /// keccak256 of the verification key's words (contracts/src/batchVerifier.ts, verificationKeyHash).
    bytes32 public constant VK_HASH = ${verificationKeyHash(vkey)};
    uint256 public constant LEVELS = ${levels};
    uint256 internal constant R = ${SCALAR_FIELD};
    uint256 internal constant Q = ${BASE_FIELD};
    uint256 internal constant NONE = type(uint256).max;
    uint256 internal constant ALPHA_X = ${vkey.alpha[0]};
    uint256 internal constant ALPHA_Y = ${vkey.alpha[1]};
    // -beta, -gamma, -delta: negated here so that the check needs no negation at run time.
${[...g2Constants('NEG_BETA', negate(vkey.beta)), ...g2Constants('NEG_GAMMA', negate(vkey.gamma)), ...g2Constants('NEG_DELTA', negate(vkey.delta)), ...ic].join('\n')}

    /// proofs[i] = (A.x, A.y, B.x_im, B.x_re, B.y_im, B.y_re, C.x, C.y); inputs holds proof i's
    /// PUBLIC_INPUTS public inputs at [i * PUBLIC_INPUTS, (i + 1) * PUBLIC_INPUTS).
    function verifyProofs(uint256[8][] calldata proofs, uint256[] calldata inputs) external view returns (bool) {
        uint256 k = proofs.length;
        if (k == 0) revert BatchVerifier__NoProofs();
        if (inputs.length != k * PUBLIC_INPUTS) revert BatchVerifier__InputCount(k * PUBLIC_INPUTS, inputs.length);
        _checkFields(proofs, inputs);
        // Pairs 0..k-1: (r_i A_i, B_i); then (sum r) alpha, sum r L, sum r C, each with a negated G2 constant.
        uint256[] memory pairs = new uint256[](6 * (k + 3));
        uint256[] memory scalars = new uint256[](PUBLIC_INPUTS);
        uint256 rSum = _combineProofs(proofs, inputs, pairs, scalars);
        (uint256 x, uint256 y) = rSum == 1 ? (ALPHA_X, ALPHA_Y) : _mul(ALPHA_X, ALPHA_Y, rSum);
        _setPair(pairs, k, x, y, ${g2Args('NEG_BETA')});
        (x, y) = _combinedInputs(scalars, rSum);
        _setPair(pairs, k + 1, x, y, ${g2Args('NEG_GAMMA')});
        _setPair(pairs, k + 2, pairs[6 * (k + 2)], pairs[6 * (k + 2) + 1], ${g2Args('NEG_DELTA')});
        return _pairingCheck(pairs);
    }

    /// Every coordinate < Q and every input < R: otherwise x and x + R would be the same input
    /// (and a coordinate + Q the same point) to the precompiles, but different to the caller.
    function _checkFields(uint256[8][] calldata proofs, uint256[] calldata inputs) private pure {
        uint256 word = NONE;
        uint256 input = NONE;
        assembly ("memory-safe") {
            // Index of the first calldata word in [start, end) that is not below bound, or NONE.
            function firstNotBelow(start, end, bound) -> index {
                index := not(0)
                for { let p := start } lt(p, end) { p := add(p, 0x20) } {
                    if iszero(lt(calldataload(p), bound)) {
                        index := shr(5, sub(p, start))
                        break
                    }
                }
            }
            word := firstNotBelow(proofs.offset, add(proofs.offset, shl(8, proofs.length)), Q)
            input := firstNotBelow(inputs.offset, add(inputs.offset, shl(5, inputs.length)), R)
        }
        if (word != NONE) revert BatchVerifier__CoordinateNotInField(word / 8, word % 8);
        if (input != NONE) revert BatchVerifier__InputNotInField(input / PUBLIC_INPUTS, input % PUBLIC_INPUTS);
    }

    /// Where a calldata array's words start.
    function _wordsOf(uint256[] calldata inputs) private pure returns (uint256 offset) {
        assembly ("memory-safe") {
            offset := inputs.offset
        }
    }

    /// Writes the pairs (r_i A_i, B_i) and sum_i r_i C_i (into the last pair), adds r_i x_ij to
    /// scalars[j], and returns sum_i r_i mod R.
    function _combineProofs(uint256[8][] calldata proofs, uint256[] calldata inputs, uint256[] memory pairs, uint256[] memory scalars)
        private
        view
        returns (uint256 rSum)
    {
        // Binds every r_i to all k proofs and inputs; one proof needs no randomness (r_0 = 1).
        bytes32 seed = proofs.length > 1 ? keccak256(abi.encode(proofs, inputs)) : bytes32(0);
        rSum = 1;
        for (uint256 i = 0; i < proofs.length; i++) {
            uint256 r = i == 0 ? 1 : (uint256(keccak256(abi.encode(seed, i))) % (R - 1)) + 1; // non-zero
            if (i > 0) rSum = addmod(rSum, r, R);
            _addProof(pairs, i, proofs[i], r);
            _accumulate(scalars, _wordsOf(inputs) + 32 * i * PUBLIC_INPUTS, r, i == 0);
        }
    }

    /// scalars[j] += r * x_j mod R for the PUBLIC_INPUTS calldata words x from offset (in
    /// bounds: the input count was checked); the first proof (r = 1, scalars still 0) is a copy.
    function _accumulate(uint256[] memory scalars, uint256 offset, uint256 r, bool first) private pure {
        assembly ("memory-safe") {
            let s := add(scalars, 0x20)
            switch first
            case 1 {
                calldatacopy(s, offset, mul(PUBLIC_INPUTS, 0x20))
            }
            default {
                for { let j := 0 } lt(j, PUBLIC_INPUTS) { j := add(j, 1) } {
                    let p := add(s, shl(5, j))
                    mstore(p, addmod(mload(p), mulmod(r, calldataload(add(offset, shl(5, j))), R), R))
                }
            }
        }
    }

    /// Pair i = (r A, B); r C is added to the running sum in the last pair.
    function _addProof(uint256[] memory pairs, uint256 i, uint256[8] calldata p, uint256 r) private view {
        uint256 c = pairs.length - 6;
        if (i == 0) {
            _setPair(pairs, 0, p[0], p[1], p[2], p[3], p[4], p[5]);
            (pairs[c], pairs[c + 1]) = (p[6], p[7]);
            return;
        }
        (uint256 ax, uint256 ay) = _mul(p[0], p[1], r);
        _setPair(pairs, i, ax, ay, p[2], p[3], p[4], p[5]);
        (ax, ay) = _mul(p[6], p[7], r);
        (pairs[c], pairs[c + 1]) = _add(pairs[c], pairs[c + 1], ax, ay);
    }

    /// sum_i r_i L_i = (sum_i r_i) IC_0 + sum_j (sum_i r_i x_ij) IC_j, unrolled in assembly: one
    /// input position costs one ecMul and one ecAdd, and nothing else to speak of.
    function _combinedInputs(uint256[] memory scalars, uint256 rSum) private view returns (uint256 x, uint256 y) {
        (x, y) = rSum == 1 ? (IC0_X, IC0_Y) : _mul(IC0_X, IC0_Y, rSum);
        bool ok = true;
        assembly ("memory-safe") {
            // acc += s (px, py): s P goes right after acc, so (acc, s P) is ecAdd's input as it
            // lies. A zero scalar (a noop slot's chunk) costs nothing.
            function addMul(acc, px, py, s) -> success {
                success := 1
                if s {
                    let t := add(acc, 0x40)
                    mstore(t, px)
                    mstore(add(t, 0x20), py)
                    mstore(add(t, 0x40), s)
                    success := staticcall(gas(), 0x07, t, 0x60, t, 0x40)
                    if success {
                        success := staticcall(gas(), 0x06, acc, 0x80, acc, 0x40)
                    }
                }
            }
            let acc := mload(0x40) // scratch past the free pointer: acc, then s P and s
            mstore(acc, x)
            mstore(add(acc, 0x20), y)
${msm.join('\n')}
            x := mload(acc)
            y := mload(add(acc, 0x20))
        }
        if (!ok) revert BatchVerifier__NotOnCurve();
    }

    function _setPair(uint256[] memory pairs, uint256 index, uint256 x, uint256 y, uint256 b0, uint256 b1, uint256 b2, uint256 b3) private pure {
        // Callers stay within the k + 3 pairs allocated; six words per pair.
        assembly ("memory-safe") {
            let p := add(add(pairs, 0x20), mul(index, 0xc0))
            mstore(p, x)
            mstore(add(p, 0x20), y)
            mstore(add(p, 0x40), b0)
            mstore(add(p, 0x60), b1)
            mstore(add(p, 0x80), b2)
            mstore(add(p, 0xa0), b3)
        }
    }

    /// ecMul precompile (EIP-196, 0x07): s (x, y).
    function _mul(uint256 x, uint256 y, uint256 s) private view returns (uint256, uint256) {
        return _curveOp(0x07, x, y, s, 0, 0x60);
    }

    /// ecAdd precompile (EIP-196, 0x06): (x1, y1) + (x2, y2).
    function _add(uint256 x1, uint256 y1, uint256 x2, uint256 y2) private view returns (uint256, uint256) {
        return _curveOp(0x06, x1, y1, x2, y2, 0x80);
    }

    /// Calls a G1 precompile on the first size bytes of (a, b, c, d), in scratch memory past the
    /// free pointer; a failure means a point off the curve (coordinates are known to be < Q).
    function _curveOp(uint256 precompile, uint256 a, uint256 b, uint256 c, uint256 d, uint256 size) private view returns (uint256 rx, uint256 ry) {
        bool ok;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, a)
            mstore(add(p, 0x20), b)
            mstore(add(p, 0x40), c)
            mstore(add(p, 0x60), d)
            ok := staticcall(gas(), precompile, p, size, p, 0x40)
            rx := mload(p)
            ry := mload(add(p, 0x20))
        }
        if (!ok) revert BatchVerifier__NotOnCurve();
    }

    /// ecPairing precompile (EIP-197, 0x08): true iff the product of the pairings is 1. It also
    /// rejects G2 points outside the prime-order subgroup.
    function _pairingCheck(uint256[] memory pairs) private view returns (bool) {
        bool ok;
        uint256 result;
        assembly ("memory-safe") {
            let p := mload(0x40)
            ok := staticcall(gas(), 0x08, add(pairs, 0x20), mul(mload(pairs), 0x20), p, 0x20)
            result := mload(p)
        }
        if (!ok) revert BatchVerifier__NotOnCurve();
        return result == 1;
    }
}
`;
}

/** A generated verifier and where its key comes from. */
export interface BatchVerifierExport {
  readonly circuit: string;
  readonly source: string;
  readonly vkHash: string;
  /** The circuit setup the key was read from (see @zkr/circuits' loadArtifacts). */
  readonly setup: SetupIdentity;
}

/** The batch verifier of a set-up registry circuit, from its verification key. */
export async function batchVerifierOf(circuit: string, options: LoadOptions = {}): Promise<BatchVerifierExport> {
  const { vkey, setup } = await loadArtifacts(circuit, options);
  const key = parseVerificationKey(JSON.parse(readFileSync(vkey, 'utf8')));
  return { circuit, source: batchVerifierSource(batchVerifierName(circuit), key, getInstance(circuit).depth / 2), vkHash: verificationKeyHash(key), setup };
}

export async function exportBatchVerifier(circuit: string, options: LoadOptions = {}): Promise<string> {
  return (await batchVerifierOf(circuit, options)).source;
}
