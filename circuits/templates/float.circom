pragma circom 2.1.6;

// Value of a packed float given its bits (LSB first): the low `mantissaBits` bits are the
// mantissa m, the next 5 the exponent e; value = m * 10^e (docs/protocol.md §2.1).
template FloatValue(mantissaBits) {
    signal input bits[mantissaBits + 5];
    signal output value;

    var mantissa = 0;
    for (var i = 0; i < mantissaBits; i++) mantissa += bits[i] * (1 << i);

    // 10^e = product over exponent bits of (1 or 10^(2^k)).
    signal power[5];
    var tenPow = 10;
    power[0] <== 1 + bits[mantissaBits] * (tenPow - 1);
    for (var k = 1; k < 5; k++) {
        tenPow = tenPow * tenPow;
        power[k] <== power[k - 1] * (1 + bits[mantissaBits + k] * (tenPow - 1));
    }
    value <== mantissa * power[4];
}
