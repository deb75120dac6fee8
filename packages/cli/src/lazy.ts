// The heavy packages, imported when a command runs rather than when zkr starts: loading them all
// took ~3 s, which every call paid, --help included. Command modules import only types statically.
export const loadCore = () => import('@zkr/core');
export const loadCircuits = () => import('@zkr/circuits');
export const loadContracts = () => import('@zkr/contracts');
export const loadProver = () => import('@zkr/prover');
export const loadQueue = () => import('@zkr/queue');
export const loadBenchmarks = () => import('@zkr/benchmarks');
export const loadEthers = () => import('ethers');
