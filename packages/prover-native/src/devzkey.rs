//! The initial Groth16 zkey of a circuit computed from the secrets (tau, alpha, beta) of an
//! INSECURE dev powers of tau: what circuits/src/devZkey.ts writes, byte for byte, natively.
//!
//! snarkjs' newZKey makes each point a multi-exponentiation of the ptau's Lagrange points; with
//! the secrets known, point j is one fixed-base multiplication by the QAP polynomial's value at
//! tau (u_j(tau)·G1 and so on). The r1cs is streamed (a 2^23 circuit's is 4 GB), the per-wire
//! sums and the Lagrange values are the only arrays of the circuit's size held in memory, and
//! the points go out in chunks, hashed (blake2b-512, snarkjs' circuit hash) as they are written.
//! No ptau file is read: `ptau_power` only says which of snarkjs' two H forms to write (the one
//! a ptau of that power gives), so a circuit larger than any dev ptau still gets its zkey.
use crate::error::{Error, Result};
use ark_bn254::{Fq, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::scalar_mul::{BatchMulPreprocessing, ScalarMul};
use ark_ec::{AffineRepr, PrimeGroup};
use ark_ff::{batch_inversion, BigInteger, FftField, Field, One, PrimeField, Zero};
use blake2::{Blake2b512, Digest};
use rayon::prelude::*;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::str::FromStr;

/// Points multiplied, converted and written per step: bounds memory beside the per-wire arrays.
const CHUNK: usize = 1 << 16;

pub struct Secrets {
    pub tau: Fr,
    pub alpha: Fr,
    pub beta: Fr,
}

fn err(message: String) -> Error {
    Error::Argument(message)
}

impl Secrets {
    /// Parses decimal strings; each must be a non-zero scalar below r.
    pub fn parse(tau: &str, alpha: &str, beta: &str) -> Result<Secrets> {
        let scalar = |name: &str, text: &str| -> Result<Fr> {
            let valid = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
            let value = if valid { Fr::from_str(text).ok() } else { None };
            // Fr::from_str reduces mod r; a value at or above r would be silently another secret.
            match value {
                Some(v) if !v.is_zero() && v.into_bigint().to_string() == text.trim_start_matches('0') => Ok(v),
                _ => Err(err(format!("{name} must be a decimal scalar in [1, r), received {text:?}"))),
            }
        };
        Ok(Secrets { tau: scalar("tau", tau)?, alpha: scalar("alpha", alpha)?, beta: scalar("beta", beta)? })
    }
}

/// What the r1cs header says (section 1).
struct Header {
    wires: usize,
    public: usize,
    constraints: usize,
}

/// An r1cs file read one section at a time; the constraint section is streamed.
struct R1cs {
    reader: BufReader<File>,
    header: Header,
    constraints_at: u64,
}

fn read_u32(r: &mut impl Read) -> std::io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn read_u64(r: &mut impl Read) -> std::io::Result<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

impl R1cs {
    fn open(path: &str) -> Result<R1cs> {
        let bad = |m: String| err(format!("r1cs {path}: {m}"));
        let io = |e: std::io::Error| bad(e.to_string());
        let mut reader = BufReader::with_capacity(1 << 20, File::open(path).map_err(io)?);
        let mut magic = [0u8; 4];
        reader.read_exact(&mut magic).map_err(io)?;
        if &magic != b"r1cs" {
            return Err(bad("not an r1cs file".into()));
        }
        let _version = read_u32(&mut reader).map_err(io)?;
        let sections = read_u32(&mut reader).map_err(io)?;
        let (mut header, mut constraints_at, mut at) = (None, None, 12u64);
        for _ in 0..sections {
            reader.seek(SeekFrom::Start(at)).map_err(io)?;
            let id = read_u32(&mut reader).map_err(io)?;
            let size = read_u64(&mut reader).map_err(io)?;
            if id == 1 {
                let n8 = read_u32(&mut reader).map_err(io)? as usize;
                let mut prime = vec![0u8; n8];
                reader.read_exact(&mut prime).map_err(io)?;
                if n8 != 32 || prime != Fr::MODULUS.to_bytes_le() {
                    return Err(bad("its field is not BN254's scalar field".into()));
                }
                let wires = read_u32(&mut reader).map_err(io)? as usize;
                let outputs = read_u32(&mut reader).map_err(io)? as usize;
                let inputs = read_u32(&mut reader).map_err(io)? as usize;
                let _private = read_u32(&mut reader).map_err(io)?;
                let _labels = read_u64(&mut reader).map_err(io)?;
                let constraints = read_u32(&mut reader).map_err(io)? as usize;
                header = Some(Header { wires, public: outputs + inputs, constraints });
            }
            if id == 2 {
                constraints_at = Some(at + 12);
            }
            at += 12 + size;
        }
        match (header, constraints_at) {
            (Some(header), Some(constraints_at)) => Ok(R1cs { reader, header, constraints_at }),
            _ => Err(bad("has no header or no constraint section".into())),
        }
    }
}

/// L_i(tau) over the 2^k roots of unity w^i, in order: w^i (tau^m - 1) / (m (tau - w^i)).
fn lagrange_at(tau: Fr, k: u32) -> Vec<Fr> {
    let m = 1usize << k;
    let w = Fr::get_root_of_unity(m as u64).expect("BN254's scalar field has 2^28 roots of unity");
    let roots = powers(Fr::one(), w, m);
    let common = (tau.pow([m as u64]) - Fr::one()) * Fr::from(m as u64).inverse().unwrap();
    let mut inverses: Vec<Fr> = roots.par_iter().map(|r| tau - r).collect();
    batch_inversion(&mut inverses);
    roots.par_iter().zip(inverses.par_iter()).map(|(r, i)| common * r * i).collect()
}

/// first·ratio^i for i < count.
fn powers(first: Fr, ratio: Fr, count: usize) -> Vec<Fr> {
    let mut out = Vec::with_capacity(count);
    let mut value = first;
    for _ in 0..count {
        out.push(value);
        value *= ratio;
    }
    out
}

/// H's scalars: the odd Lagrange values of the domain of 2n. A ptau of exactly 2^bits powers
/// holds them padded (without the missing top power tau^(2n-1)), as `prepare phase2` stores them.
fn h_scalars(tau: Fr, bits: u32, padded: bool) -> Vec<Fr> {
    let twice = lagrange_at(tau, bits + 1);
    let size = 1usize << (bits + 1);
    let odd = |i: usize| twice[2 * i + 1];
    if !padded {
        return (0..size / 2).into_par_iter().map(odd).collect();
    }
    let w = Fr::get_root_of_unity(size as u64).unwrap();
    let top = tau.pow([(size - 1) as u64]) * Fr::from(size as u64).inverse().unwrap();
    let w2 = w.square();
    let odd_roots = powers(w, w2, size / 2);
    (0..size / 2).into_par_iter().map(|i| odd(i) - top * odd_roots[i]).collect()
}

/// A point group with its fixed-base table and its two byte forms: LEM (little-endian
/// Montgomery limbs, what the zkey stores) and U (big-endian plain, what the hash covers).
trait Group {
    type P: ScalarMul<ScalarField = Fr> + Send + Sync;
    const BYTES: usize;
    fn lem(point: &Base<Self>, out: &mut Vec<u8>);
    fn uncompressed(point: &Base<Self>, out: &mut Vec<u8>);
}

type Base<G> = <<G as Group>::P as ScalarMul>::MulBase;
struct OnG1;
struct OnG2;

fn fq_lem(x: &Fq, out: &mut Vec<u8>) {
    for limb in x.0 .0 {
        out.extend_from_slice(&limb.to_le_bytes());
    }
}

fn fq_be(x: &Fq, out: &mut Vec<u8>) {
    out.extend_from_slice(&x.into_bigint().to_bytes_be());
}

impl Group for OnG1 {
    type P = G1Projective;
    const BYTES: usize = 64;
    fn lem(p: &G1Affine, out: &mut Vec<u8>) {
        match p.xy() {
            Some((x, y)) => {
                fq_lem(&x, out);
                fq_lem(&y, out);
            }
            None => out.extend_from_slice(&[0u8; 64]),
        }
    }
    fn uncompressed(p: &G1Affine, out: &mut Vec<u8>) {
        match p.xy() {
            Some((x, y)) => {
                fq_be(&x, out);
                fq_be(&y, out);
            }
            None => out.extend_from_slice(&[0u8; 64]),
        }
    }
}

impl Group for OnG2 {
    type P = G2Projective;
    const BYTES: usize = 128;
    fn lem(p: &G2Affine, out: &mut Vec<u8>) {
        match p.xy() {
            Some((x, y)) => {
                for c in [x.c0, x.c1, y.c0, y.c1] {
                    fq_lem(&c, out);
                }
            }
            None => out.extend_from_slice(&[0u8; 128]),
        }
    }
    /// A whole Fq2 element reversed: c1 big-endian, then c0 (wasmcurves' LEMtoU).
    fn uncompressed(p: &G2Affine, out: &mut Vec<u8>) {
        match p.xy() {
            Some((x, y)) => {
                for c in [x.c1, x.c0, y.c1, y.c0] {
                    fq_be(&c, out);
                }
            }
            None => out.extend_from_slice(&[0u8; 128]),
        }
    }
}

/// The zkey being written: section headers back-filled with their sizes, and the circuit hash.
struct ZkeyWriter {
    out: BufWriter<File>,
    hasher: Blake2b512,
    section_start: u64,
    position: u64,
}

impl ZkeyWriter {
    fn create(path: &str, sections: u32) -> Result<ZkeyWriter> {
        let file = File::create(path).map_err(|e| err(format!("cannot write {path}: {e}")))?;
        let mut w = ZkeyWriter { out: BufWriter::with_capacity(1 << 20, file), hasher: Blake2b512::new(), section_start: 0, position: 0 };
        w.write(b"zkey")?;
        w.write(&1u32.to_le_bytes())?;
        w.write(&sections.to_le_bytes())?;
        Ok(w)
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes).map_err(|e| err(format!("writing the zkey: {e}")))?;
        self.position += bytes.len() as u64;
        Ok(())
    }

    fn begin(&mut self, id: u32) -> Result<()> {
        self.section_start = self.position;
        self.write(&id.to_le_bytes())?;
        self.write(&0u64.to_le_bytes())
    }

    fn end(&mut self) -> Result<()> {
        let size = self.position - self.section_start - 12;
        let io = |e: std::io::Error| err(format!("writing the zkey: {e}"));
        self.out.seek(SeekFrom::Start(self.section_start + 4)).map_err(io)?;
        self.out.write_all(&size.to_le_bytes()).map_err(io)?;
        self.out.seek(SeekFrom::Start(self.position)).map_err(io)?;
        Ok(())
    }

    /// Writes scalar_i·G in LEM form and hashes them (after their count, when `hash_count`).
    fn points<G: Group>(&mut self, table: &BatchMulPreprocessing<G::P>, scalars: &[Fr], write: bool, hash: bool) -> Result<()> {
        if hash {
            self.hasher.update((scalars.len() as u32).to_be_bytes());
        }
        for chunk in scalars.chunks(CHUNK) {
            let points = table.batch_mul(chunk);
            if write {
                for bytes in encoded::<G>(&points, G::lem) {
                    self.write(&bytes)?;
                }
            }
            if hash {
                for bytes in encoded::<G>(&points, G::uncompressed) {
                    self.hasher.update(&bytes);
                }
            }
        }
        Ok(())
    }
}

/// The points' bytes in one of the two forms, in order, in pieces encoded in parallel.
fn encoded<G: Group>(points: &[Base<G>], form: fn(&Base<G>, &mut Vec<u8>)) -> Vec<Vec<u8>> {
    points
        .par_chunks(1024)
        .map(|piece| {
            let mut out = Vec::with_capacity(piece.len() * G::BYTES);
            piece.iter().for_each(|p| form(p, &mut out));
            out
        })
        .collect()
}

/// A coefficient as snarkjs' zkey stores it: value·R² mod r (Montgomery form applied twice);
/// `r_squared` is the element whose value is R² mod r.
fn stored_coefficient(value: Fr, r_squared: Fr) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(&(value * r_squared).into_bigint().to_bytes_le());
    out
}

/// Per wire j: u_j(tau), v_j(tau), w_j(tau), summed while the constraints stream past, and the
/// A/B coefficient section (matrix, constraint, wire, value·R²) written on the way.
struct Polynomials {
    u: Vec<Fr>,
    v: Vec<Fr>,
    w: Vec<Fr>,
}

fn stream_constraints(r1cs: &mut R1cs, lagrange: &[Fr], writer: &mut ZkeyWriter) -> Result<Polynomials> {
    let Header { wires, public, constraints } = r1cs.header;
    let io = |e: std::io::Error| err(format!("reading the r1cs constraints: {e}"));
    r1cs.reader.seek(SeekFrom::Start(r1cs.constraints_at)).map_err(io)?;
    let mut sums = [vec![Fr::zero(); wires], vec![Fr::zero(); wires], vec![Fr::zero(); wires]];
    // The entry count goes first; it is back-filled once known.
    let count_at = writer.position;
    writer.write(&0u32.to_le_bytes())?;
    let mut entries: u32 = 0;
    let r_squared = Fr::from_bigint(Fr::R2).expect("R^2 mod r is below r");
    let mut entry = |writer: &mut ZkeyWriter, matrix: u32, constraint: u32, wire: u32, value: Fr| -> Result<()> {
        let mut bytes = [0u8; 44];
        bytes[0..4].copy_from_slice(&matrix.to_le_bytes());
        bytes[4..8].copy_from_slice(&constraint.to_le_bytes());
        bytes[8..12].copy_from_slice(&wire.to_le_bytes());
        bytes[12..44].copy_from_slice(&stored_coefficient(value, r_squared));
        entries += 1;
        writer.write(&bytes)
    };
    let mut term = [0u8; 36];
    for c in 0..constraints {
        for (matrix, sum) in sums.iter_mut().enumerate() {
            let terms = read_u32(&mut r1cs.reader).map_err(io)?;
            for _ in 0..terms {
                r1cs.reader.read_exact(&mut term).map_err(io)?;
                let wire = u32::from_le_bytes(term[0..4].try_into().unwrap());
                let value = Fr::from_bigint(ark_ff::BigInt::new(crate::binfile::limbs_at(&term, 4)));
                let Some(value) = value.filter(|_| (wire as usize) < wires) else {
                    return Err(err(format!("r1cs constraint {c}: wire {wire} of {wires}, or a coefficient not below r")));
                };
                sum[wire as usize] += value * lagrange[c];
                if matrix != 2 {
                    entry(writer, matrix as u32, c as u32, wire, value)?;
                }
            }
        }
    }
    // snarkjs' one extra constraint per public signal and the constant wire: A = that wire.
    for wire in 0..=public {
        sums[0][wire] += lagrange[constraints + wire];
        entry(writer, 0, (constraints + wire) as u32, wire as u32, Fr::one())?;
    }
    let io = |e: std::io::Error| err(format!("writing the zkey: {e}"));
    writer.out.seek(SeekFrom::Start(count_at)).map_err(io)?;
    writer.out.write_all(&entries.to_le_bytes()).map_err(io)?;
    writer.out.seek(SeekFrom::Start(writer.position)).map_err(io)?;
    let [u, v, w] = sums;
    Ok(Polynomials { u, v, w })
}

/// Writes the initial zkey of the r1cs at `r1cs_path` to `path` (through `path.partial`, renamed
/// when whole). `ptau_power`: the power of the dev ptau the secrets belong to, which decides the
/// H form as snarkjs' newZKey would; None writes what any ptau of more than 2^bits powers gives.
pub fn write(r1cs_path: &str, secrets: &Secrets, ptau_power: Option<u32>, path: &str) -> Result<()> {
    let mut r1cs = R1cs::open(r1cs_path)?;
    let Header { wires, public, constraints } = r1cs.header;
    if public + 1 > wires {
        return Err(err(format!("r1cs {r1cs_path}: {public} public signals but {wires} wires")));
    }
    let bits = (constraints + public + 1).next_power_of_two().trailing_zeros();
    if bits > 27 {
        return Err(err(format!("r1cs {r1cs_path} needs 2^{bits} powers of tau; BN254 allows at most 2^28 and this setup 2^27")));
    }
    if let Some(p) = ptau_power.filter(|&p| p < bits) {
        return Err(err(format!("r1cs {r1cs_path} needs 2^{bits} powers of tau but the ptau holds 2^{p}")));
    }
    let n = 1usize << bits;
    let (tau, alpha, beta) = (secrets.tau, secrets.alpha, secrets.beta);
    let lagrange = lagrange_at(tau, bits);

    let g1 = BatchMulPreprocessing::new(G1Projective::generator(), 4 * wires + 2 * n);
    let g2 = BatchMulPreprocessing::new(G2Projective::generator(), wires);
    let partial = format!("{path}.partial");
    let mut out = ZkeyWriter::create(&partial, 10)?;
    out.begin(1)?;
    out.write(&1u32.to_le_bytes())?; // protocol: Groth16
    out.end()?;

    out.begin(2)?;
    let mut header = Vec::new();
    header.extend_from_slice(&32u32.to_le_bytes());
    header.extend_from_slice(&Fq::MODULUS.to_bytes_le());
    header.extend_from_slice(&32u32.to_le_bytes());
    header.extend_from_slice(&Fr::MODULUS.to_bytes_le());
    for value in [wires, public, n] {
        header.extend_from_slice(&(value as u32).to_le_bytes());
    }
    out.write(&header)?;
    // alpha1, beta1, beta2, then gamma2, delta1, delta2: the generators (gamma = delta = 1).
    let one = Fr::one();
    let key_g1 = |out: &mut ZkeyWriter, s: &[Fr]| out.points::<OnG1>(&g1, s, true, false);
    let key_g2 = |out: &mut ZkeyWriter, s: &[Fr]| out.points::<OnG2>(&g2, s, true, false);
    key_g1(&mut out, &[alpha, beta])?;
    key_g2(&mut out, &[beta])?;
    key_g2(&mut out, &[one])?;
    key_g1(&mut out, &[one])?;
    key_g2(&mut out, &[one])?;
    for (group_g1, s) in [(true, alpha), (true, beta), (false, beta), (false, one), (true, one), (false, one)] {
        let mut bytes = Vec::new();
        if group_g1 {
            OnG1::uncompressed(&g1.batch_mul(&[s])[0], &mut bytes);
        } else {
            OnG2::uncompressed(&g2.batch_mul(&[s])[0], &mut bytes);
        }
        out.hasher.update(&bytes);
    }
    out.end()?;

    out.begin(4)?;
    let Polynomials { u, v, w } = stream_constraints(&mut r1cs, &lagrange, &mut out)?;
    drop(lagrange);
    out.end()?;

    // What the proof's C and the verifier's IC combine per wire: beta·u + alpha·v + w (gamma = delta = 1).
    let combined: Vec<Fr> = (0..wires).into_par_iter().map(|j| beta * u[j] + alpha * v[j] + w[j]).collect();
    drop(w);
    out.begin(3)?;
    out.points::<OnG1>(&g1, &combined[..=public], true, true)?;
    out.end()?;

    out.begin(9)?;
    let padded = ptau_power.is_some_and(|p| p < bits + 1);
    out.points::<OnG1>(&g1, &h_scalars(tau, bits, padded), true, false)?;
    // The circuit hash covers H as tau^i (tau^n - 1)·G1, the points `zkey verify` recomputes.
    let hashed_h = powers(tau.pow([n as u64]) - one, tau, n - 1);
    out.points::<OnG1>(&g1, &hashed_h, false, true)?;
    drop(hashed_h);
    out.end()?;

    for (id, scalars) in [(8u32, &combined[public + 1..]), (5, &u[..]), (6, &v[..])] {
        out.begin(id)?;
        out.points::<OnG1>(&g1, scalars, true, true)?;
        out.end()?;
    }
    out.begin(7)?;
    out.points::<OnG2>(&g2, &v, true, true)?;
    out.end()?;

    out.begin(10)?;
    let digest = out.hasher.clone().finalize();
    out.write(&digest)?;
    out.write(&0u32.to_le_bytes())?; // no contributions yet
    out.end()?;
    out.out.flush().map_err(|e| err(format!("writing the zkey: {e}")))?;
    drop(out);
    std::fs::rename(&partial, path).map_err(|e| err(format!("cannot rename {partial} to {path}: {e}")))
}
