//! Reads a witness in the .wtns format snarkjs' calculator writes (section 1: n8, prime,
//! count; section 2: the values, little-endian, in standard form).
use crate::binfile::{limbs_at, u32_at, BinFile};
use crate::error::{Error, Result};
use ark_bn254::Fr;
use ark_ff::{BigInt, PrimeField};
use rayon::prelude::*;

fn err(message: String) -> Error {
    Error::witness(message)
}

/// The witness values as integers below the scalar field modulus; `expected` is the zkey's count.
pub fn read(bytes: &[u8], expected: usize) -> Result<Vec<BigInt<4>>> {
    let file = BinFile::parse(bytes, b"wtns", err)?;
    let header = file.section(1, Some(4 + 32 + 4), err)?;
    if u32_at(header, 0) != 32 || BigInt::new(limbs_at(header, 4)) != Fr::MODULUS {
        return Err(err("the witness is not over BN254's scalar field".into()));
    }
    let count = u32_at(header, 36) as usize;
    if count != expected {
        return Err(err(format!("the witness has {count} values, the zkey expects {expected}")));
    }
    let data = file.section(2, Some(count * 32), err)?;
    data.par_chunks_exact(32)
        .enumerate()
        .map(|(i, chunk)| {
            let value = BigInt::new(limbs_at(chunk, 0));
            if value >= Fr::MODULUS {
                return Err(err(format!("witness value {i} is not below the scalar field modulus")));
            }
            Ok(value)
        })
        .collect()
}
