//! A proof as snarkjs prints it: projective coordinates with z = 1, decimal strings.
use crate::prove::Proof;
use ark_bn254::Fq2;
use ark_ff::PrimeField;

fn fq2(v: &Fq2) -> String {
    format!("[\"{}\",\"{}\"]", v.c0.into_bigint(), v.c1.into_bigint())
}

pub fn proof(p: &Proof) -> String {
    let public: Vec<String> = p.public.iter().map(|v| format!("\"{v}\"")).collect();
    format!(
        "{{\"proof\":{{\"pi_a\":[\"{}\",\"{}\",\"1\"],\"pi_b\":[{},{},[\"1\",\"0\"]],\"pi_c\":[\"{}\",\"{}\",\"1\"],\"protocol\":\"groth16\",\"curve\":\"bn128\"}},\"publicSignals\":[{}]}}",
        p.a.x.into_bigint(),
        p.a.y.into_bigint(),
        fq2(&p.b.x),
        fq2(&p.b.y),
        p.c.x.into_bigint(),
        p.c.y.into_bigint(),
        public.join(",")
    )
}
