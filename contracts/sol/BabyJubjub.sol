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
    function isOnCurve(uint256 x, uint256 y) internal pure returns (bool) {
        if (x >= R || y >= R) return false;
        uint256 xx = mulmod(x, x, R);
        uint256 yy = mulmod(y, y, R);
        return addmod(mulmod(A, xx, R), yy, R) == addmod(1, mulmod(D, mulmod(xx, yy, R), R), R);
    }

    /// For a point of the curve: true iff 8 (x, y) is not the identity (0, 1), i.e. the point is
    /// not one of the 8 small-order points (the cofactor is 8). Three projective doublings, no
    /// inversion; the identity is (X : Y : Z) with X = 0 and Y = Z.
    function hasLargeOrder(uint256 x, uint256 y) internal pure returns (bool) {
        (uint256 px, uint256 py, uint256 pz) = (x, y, 1);
        for (uint256 i = 0; i < 3; i++) (px, py, pz) = _double(px, py, pz);
        return px != 0 || py != pz;
    }

    /// 2 (X : Y : Z), dbl-2008-bbjlp: complete for Baby Jubjub (a square, d not a square).
    function _double(uint256 x, uint256 y, uint256 z) private pure returns (uint256, uint256, uint256) {
        uint256 s = addmod(x, y, R);
        uint256 b = mulmod(s, s, R);
        uint256 c = mulmod(x, x, R);
        uint256 d = mulmod(y, y, R);
        uint256 e = mulmod(A, c, R);
        uint256 f = addmod(e, d, R);
        uint256 j = addmod(f, R - mulmod(2, mulmod(z, z, R), R), R);
        uint256 x3 = mulmod(addmod(b, R - addmod(c, d, R), R), j, R);
        uint256 y3 = mulmod(f, addmod(e, R - d, R), R);
        return (x3, y3, mulmod(f, j, R));
    }
}
