//! The Groth16 prover, computing what snarkjs' groth16_prove.js computes so its proofs verify
//! against the same keys: H is evaluated on the odd powers of the 2n-th root of unity (the
//! zkey's H points already hold the division by Z there), and C's evaluations are A's times B's
//! (the zkey holds no C matrix).
use crate::error::{Error, Result};
use crate::zkey::{Coef, ProvingKey};
use ark_bn254::{Bn254, Fr, G1Affine, G1Projective, G2Affine, G2Projective};
use ark_ec::pairing::Pairing;
use ark_ec::{AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ff::{BigInt, Field, PrimeField, UniformRand, Zero};
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};
use rayon::prelude::*;

pub struct Proof {
    pub a: G1Affine,
    pub b: G2Affine,
    pub c: G1Affine,
    pub public: Vec<BigInt<4>>,
}

/// A·w or B·w, row by row: the evaluations of the witness' A (or B) polynomial on the domain.
fn evaluations(coefs: &[Coef], witness: &[Fr], n: usize) -> Vec<Fr> {
    let mut out = vec![Fr::zero(); n];
    for coef in coefs {
        out[coef.constraint as usize] += coef.value * witness[coef.signal as usize];
    }
    out
}

/// Multiplies the i-th coefficient by g^i (moves the polynomial onto the coset g·H).
fn distribute_powers(values: &mut [Fr], g: Fr) {
    const CHUNK: usize = 1 << 12;
    values.par_chunks_mut(CHUNK).enumerate().for_each(|(k, chunk)| {
        let mut power = g.pow([(k * CHUNK) as u64]);
        for v in chunk.iter_mut() {
            *v *= power;
            power *= g;
        }
    });
}

/// The scalars of the H multi-exponentiation: (a·b − c) on the coset of odd 2n-th roots.
fn h_scalars(pk: &ProvingKey, witness: &[Fr]) -> Vec<BigInt<4>> {
    let n = pk.domain_size;
    let (mut a, mut b) = rayon::join(|| evaluations(&pk.coefs_a, witness, n), || evaluations(&pk.coefs_b, witness, n));
    let mut c: Vec<Fr> = a.par_iter().zip(b.par_iter()).map(|(x, y)| *x * y).collect();
    let domain = Radix2EvaluationDomain::<Fr>::new(n).expect("domain size checked when the zkey was read");
    let shift = Radix2EvaluationDomain::<Fr>::new(2 * n).expect("BN254 has 2^28-th roots of unity").group_gen();
    for values in [&mut a, &mut b, &mut c] {
        domain.ifft_in_place(values);
        distribute_powers(values, shift);
        domain.fft_in_place(values);
    }
    a.par_iter().zip(b.par_iter()).zip(c.par_iter()).map(|((x, y), z)| (*x * y - z).into_bigint()).collect()
}

/// With ZKR_NATIVE_TIMINGS set, each step's time goes to stderr (for profiling).
struct Steps(Option<std::time::Instant>);

impl Steps {
    fn new() -> Self {
        Steps(std::env::var_os("ZKR_NATIVE_TIMINGS").map(|_| std::time::Instant::now()))
    }
    fn done(&mut self, step: &str) {
        if let Some(start) = self.0.as_mut() {
            eprintln!("zkr-prover-native: {step} {:.1} ms", start.elapsed().as_secs_f64() * 1e3);
            *start = std::time::Instant::now();
        }
    }
}

pub fn prove(pk: &ProvingKey, witness: &[BigInt<4>]) -> Result<Proof> {
    let mut steps = Steps::new();
    let field: Vec<Fr> = witness.par_iter().map(|w| Fr::from_bigint(*w).expect("witness values checked below the modulus")).collect();
    let h = h_scalars(pk, &field);
    drop(field);
    steps.done("h (evaluations, 3 iFFT + 3 coset FFT)");
    let private = &witness[pk.n_public + 1..];
    let msm_a = G1Projective::msm_bigint(&pk.a, witness);
    steps.done("msm A");
    let msm_b1 = G1Projective::msm_bigint(&pk.b1, witness);
    steps.done("msm B1");
    let msm_b2 = G2Projective::msm_bigint(&pk.b2, witness);
    steps.done("msm B2");
    let msm_c = G1Projective::msm_bigint(&pk.c, private);
    steps.done("msm C");
    let msm_h = G1Projective::msm_bigint(&pk.h, &h);
    steps.done("msm H");

    let mut rng = rand::thread_rng();
    let (r, s) = (Fr::rand(&mut rng), Fr::rand(&mut rng));
    let a = msm_a + pk.alpha1 + pk.delta1 * r;
    let b1 = msm_b1 + pk.beta1 + pk.delta1 * s;
    let b2 = msm_b2 + pk.beta2 + pk.delta2 * s;
    let c = msm_c + msm_h + a * s + b1 * r - pk.delta1 * (r * s);
    let proof = Proof { a: a.into_affine(), b: b2.into_affine(), c: c.into_affine(), public: witness[1..=pk.n_public].to_vec() };
    let verified = verify(pk, &proof);
    steps.done("verify");
    if !verified {
        return Err(Error::Unsatisfied(
            "the witness does not satisfy the circuit: its proof does not verify against the zkey's verification key".into(),
        ));
    }
    Ok(proof)
}

/// The Groth16 check e(A,B) = e(α,β)·e(Σ xᵢ·ICᵢ, γ)·e(C,δ), as one multi-pairing.
pub fn verify(pk: &ProvingKey, proof: &Proof) -> bool {
    let inputs = G1Projective::msm_bigint(&pk.ic[1..], &proof.public) + pk.ic[0];
    let g1: [G1Affine; 4] = [(-proof.a.into_group()).into_affine(), pk.alpha1, inputs.into_affine(), proof.c];
    let g2: [G2Affine; 4] = [proof.b, pk.beta2, pk.gamma2, pk.delta2];
    Bn254::multi_pairing(g1, g2).is_zero()
}
