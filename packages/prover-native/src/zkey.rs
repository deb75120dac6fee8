//! Reads a snarkjs Groth16 zkey (format: snarkjs src/zkey_utils.js) into arkworks types.
//! Sections: 1 protocol, 2 header and verification key, 3 IC, 4 A/B coefficients, 5 A, 6 B1,
//! 7 B2, 8 C, 9 H, 10 contributions (not needed to prove). Field elements of points are stored
//! little-endian in Montgomery form, which is arkworks' own representation, so they are taken
//! as they are; each point is checked to be on its curve.
use crate::binfile::{limbs_at, Fields, SectionFile};
use crate::error::{Error, Result};
use ark_bn254::{Fq, Fq2, Fr, G1Affine, G2Affine};
use ark_ff::{BigInt, PrimeField};
use rayon::prelude::*;

const G1_BYTES: usize = 64;
const G2_BYTES: usize = 128;

/// One non-zero entry of the A or B matrix: constraint row, signal column, value.
#[derive(Clone, Copy)]
pub struct Coef {
    pub constraint: u32,
    pub signal: u32,
    pub value: Fr,
}

pub struct ProvingKey {
    pub n_vars: usize,
    pub n_public: usize,
    pub domain_size: usize,
    pub alpha1: G1Affine,
    pub beta1: G1Affine,
    pub delta1: G1Affine,
    pub beta2: G2Affine,
    pub gamma2: G2Affine,
    pub delta2: G2Affine,
    pub ic: Vec<G1Affine>,
    pub coefs_a: Vec<Coef>,
    pub coefs_b: Vec<Coef>,
    pub a: Vec<G1Affine>,
    pub b1: Vec<G1Affine>,
    pub b2: Vec<G2Affine>,
    pub c: Vec<G1Affine>,
    pub h: Vec<G1Affine>,
}

fn err(message: String) -> Error {
    Error::zkey(message)
}

fn fq(bytes: &[u8], at: usize, what: &str) -> Result<Fq> {
    let repr = BigInt::new(limbs_at(bytes, at));
    if repr >= Fq::MODULUS {
        return Err(err(format!("{what}: a coordinate is not below the base field modulus")));
    }
    Ok(Fq::new_unchecked(repr))
}

fn g1(bytes: &[u8], what: &str) -> Result<G1Affine> {
    let (x, y) = (fq(bytes, 0, what)?, fq(bytes, 32, what)?);
    if bytes.iter().all(|&b| b == 0) {
        return Ok(G1Affine::identity());
    }
    let point = G1Affine::new_unchecked(x, y);
    if !point.is_on_curve() {
        return Err(err(format!("{what}: a G1 point is not on the curve")));
    }
    Ok(point)
}

fn g2(bytes: &[u8], what: &str) -> Result<G2Affine> {
    let x = Fq2::new(fq(bytes, 0, what)?, fq(bytes, 32, what)?);
    let y = Fq2::new(fq(bytes, 64, what)?, fq(bytes, 96, what)?);
    if bytes.iter().all(|&b| b == 0) {
        return Ok(G2Affine::identity());
    }
    let point = G2Affine::new_unchecked(x, y);
    if !point.is_on_curve() {
        return Err(err(format!("{what}: a G2 point is not on the curve")));
    }
    Ok(point)
}

fn points<P: Send>(file: &mut SectionFile, id: u32, count: usize, size: usize, what: &'static str, parse: fn(&[u8], &str) -> Result<P>) -> Result<Vec<P>> {
    let data = file.section(id, Some(count * size))?;
    data.par_chunks_exact(size).map(|chunk| parse(chunk, what)).collect()
}

/// A coefficient is stored as value · R² (Montgomery form applied twice, as snarkjs' prover
/// wants it); two Montgomery reductions give the value.
fn coefficient(bytes: &[u8], at: usize) -> Result<Fr> {
    let repr = BigInt::new(limbs_at(bytes, at));
    if repr >= Fr::MODULUS {
        return Err(err("coefficients: a value is not below the scalar field modulus".into()));
    }
    Ok(Fr::new_unchecked(Fr::new_unchecked(repr).into_bigint()))
}

/// The A (matrix 0) and B (matrix 1) entries, each parsed straight into its own vector: the
/// section is the zkey's largest, so no intermediate copy of it is made.
fn coefficients(data: &[u8], n_vars: usize, domain_size: usize) -> Result<(Vec<Coef>, Vec<Coef>)> {
    const ENTRY: usize = 12 + 32;
    let count = crate::binfile::u32_at(data.get(0..4).ok_or_else(|| err("coefficients section is empty".into()))?, 0) as usize;
    if data.len() != 4 + count * ENTRY {
        return Err(err(format!("coefficients section has {} bytes for {count} entries", data.len())));
    }
    let entries = &data[4..];
    // (matrix, constraint, signal) of an entry
    let fields = |e: &[u8]| (crate::binfile::u32_at(e, 0), crate::binfile::u32_at(e, 4), crate::binfile::u32_at(e, 8));
    if let Some(e) = entries.par_chunks_exact(ENTRY).find_any(|e| {
        let (matrix, constraint, signal) = fields(e);
        matrix > 1 || constraint as usize >= domain_size || signal as usize >= n_vars
    }) {
        let (matrix, constraint, signal) = fields(e);
        return Err(err(format!("coefficient (matrix {matrix}, constraint {constraint}, signal {signal}) is out of range")));
    }
    let matrix = |m: u32| -> Result<Vec<Coef>> {
        entries
            .par_chunks_exact(ENTRY)
            .filter(|e| fields(e).0 == m)
            .map(|e| {
                let (_, constraint, signal) = fields(e);
                Ok(Coef { constraint, signal, value: coefficient(e, 12)? })
            })
            .collect()
    };
    Ok((matrix(0)?, matrix(1)?))
}

impl ProvingKey {
    /// Reads the zkey at `path` section by section.
    pub fn read(path: &str) -> Result<ProvingKey> {
        let mut file = SectionFile::open(path, b"zkey", err)?;
        let protocol = file.section(1, Some(4))?;
        if crate::binfile::u32_at(&protocol, 0) != 1 {
            return Err(err("not a Groth16 zkey (protocol id is not 1)".into()));
        }
        let header = file.section(2, None)?;
        let mut h = Fields::new(&header, err, "the Groth16 header");
        let n8q = h.u32()? as usize;
        let q = h.take(n8q)?;
        let n8r = h.u32()? as usize;
        let r = h.take(n8r)?;
        if n8q != 32 || n8r != 32 || BigInt::new(limbs_at(q, 0)) != Fq::MODULUS || BigInt::new(limbs_at(r, 0)) != Fr::MODULUS {
            return Err(err("the zkey is not over BN254 (bn128), the only curve this prover supports".into()));
        }
        let n_vars = h.u32()? as usize;
        let n_public = h.u32()? as usize;
        let domain_size = h.u32()? as usize;
        if !domain_size.is_power_of_two() || n_public >= n_vars {
            return Err(err(format!("inconsistent header: {n_vars} signals, {n_public} public, domain size {domain_size}")));
        }
        let alpha1 = g1(h.take(G1_BYTES)?, "alpha1")?;
        let beta1 = g1(h.take(G1_BYTES)?, "beta1")?;
        let beta2 = g2(h.take(G2_BYTES)?, "beta2")?;
        let gamma2 = g2(h.take(G2_BYTES)?, "gamma2")?;
        let delta1 = g1(h.take(G1_BYTES)?, "delta1")?;
        let delta2 = g2(h.take(G2_BYTES)?, "delta2")?;
        let (coefs_a, coefs_b) = coefficients(&file.section(4, None)?, n_vars, domain_size)?;
        Ok(ProvingKey {
            n_vars,
            n_public,
            domain_size,
            alpha1,
            beta1,
            delta1,
            beta2,
            gamma2,
            delta2,
            ic: points(&mut file, 3, n_public + 1, G1_BYTES, "IC", g1)?,
            coefs_a,
            coefs_b,
            a: points(&mut file, 5, n_vars, G1_BYTES, "A", g1)?,
            b1: points(&mut file, 6, n_vars, G1_BYTES, "B1", g1)?,
            b2: points(&mut file, 7, n_vars, G2_BYTES, "B2", g2)?,
            c: points(&mut file, 8, n_vars - n_public - 1, G1_BYTES, "C", g1)?,
            h: points(&mut file, 9, domain_size, G1_BYTES, "H", g1)?,
        })
    }
}
