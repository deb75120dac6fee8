// The fixed contracts' typed artifacts, compiled when the package was built
// (scripts/build-artifacts.mjs): importing them loads neither solc nor circomlibjs.
import type { Artifacts } from './compile.js';
import { poseidon4Abi, poseidon4Bytecode, poseidon5Abi, poseidon5Bytecode, rollupAbi, rollupBytecode } from './generated/artifacts.js';

export {
  poseidon4Abi,
  poseidon4Bytecode,
  poseidon5Abi,
  poseidon5Bytecode,
  rollupAbi,
  rollupBytecode,
  SOLC_SETTINGS,
  SOLC_VERSION,
} from './generated/artifacts.js';

/** The fixed contracts by name, in the shape compileContracts returns. */
export function fixedArtifacts(): Artifacts {
  return {
    Rollup: { abi: rollupAbi, bytecode: rollupBytecode },
    Poseidon4: { abi: poseidon4Abi, bytecode: poseidon4Bytecode },
    Poseidon5: { abi: poseidon5Abi, bytecode: poseidon5Bytecode },
  };
}
