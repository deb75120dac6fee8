// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Baby Jubjub (EIP-2494, circomlib's `babyjub`): the twisted Edwards curve
/// a x^2 + y^2 = 1 + d x^2 y^2 over the BN254 scalar field, whose points sign L2 operations.
/// circomlib's EdDSA verifier assumes the public key is such a point of large order; the rollup
/// checks it when a key enters the state (docs/protocol.md §7.1).
library BabyJubjub {
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    uint256 internal constant A = 168700;
    uint256 internal constant D = 168696;

    /// True iff (x, y) is a point of the curve (both coordinates field elements).
    function isOnCurve(uint256 x, uint256 y) internal pure returns (bool onCurve) {
        assembly ("memory-safe") {
            let xx := mulmod(x, x, R)
            let yy := mulmod(y, y, R)
            onCurve := and(and(lt(x, R), lt(y, R)), eq(addmod(mulmod(A, xx, R), yy, R), addmod(1, mulmod(D, mulmod(xx, yy, R), R), R)))
        }
    }

    /// For a point of the curve: true iff 8 (x, y) is not the identity (0, 1), i.e. the point is
    /// not one of the 8 small-order points (the cofactor is 8). Three projective doublings
    /// (dbl-2008-bbjlp, complete on Baby Jubjub: a is a square, d is not), no inversion; the
    /// identity is (X : Y : Z) with X = 0 and Y = Z. In assembly: it runs in every deposit.
    function hasLargeOrder(uint256 x, uint256 y) internal pure returns (bool large) {
        assembly ("memory-safe") {
            // 2 (X : Y : Z): B = (X + Y)^2, C = X^2, D = Y^2, E = aC, F = E + D, J = F - 2 Z^2;
            // X3 = (B - C - D) J, Y3 = F (E - D), Z3 = F J.
            function double(px, py, pz) -> qx, qy, qz {
                let c := mulmod(px, px, R)
                let d := mulmod(py, py, R)
                let s := addmod(px, py, R)
                let e := mulmod(A, c, R)
                let f := addmod(e, d, R)
                let j := addmod(f, sub(R, mulmod(2, mulmod(pz, pz, R), R)), R)
                qx := mulmod(addmod(mulmod(s, s, R), sub(R, addmod(c, d, R)), R), j, R)
                qy := mulmod(f, addmod(e, sub(R, d), R), R)
                qz := mulmod(f, j, R)
            }
            let z := 1
            x, y, z := double(x, y, z)
            x, y, z := double(x, y, z)
            x, y, z := double(x, y, z)
            large := or(iszero(iszero(x)), iszero(eq(y, z)))
        }
    }
}
