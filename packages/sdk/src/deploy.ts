// Deploys the rollup: Poseidon contracts, Rollup, one verifier per batch size. Refuses, before
// any transaction, verifiers whose setup is insecure (a dev setup: proofs of anything verify
// under its key) on a chain that is not a local development chain, unless told to allow them.
// Runs no compiler: the fixed contracts come built with @zkr/contracts, and the verifiers come
// compiled in `artifacts` (@zkr/contracts' compileContracts, which needs solc: spec §12).
import { type Contract, ContractFactory, type Signer } from 'ethers';
import { emptyRoot, ZkrError } from '@zkr/core';
import { fixedArtifacts } from '@zkr/contracts/artifacts';
import type { Artifacts } from '@zkr/contracts';
import { RollupClient } from './client.js';
import { deployedContract } from './mined.js';

/** Local development chains: anvil and hardhat (31337), ganache and geth --dev (1337). */
export const DEV_CHAIN_IDS: ReadonlySet<number> = new Set([31337, 1337]);

export interface DeployOptions {
  readonly signer: Signer;
  readonly artifacts: Artifacts;
  /** log2 of the account capacity (the tree has depth / 2 levels). */
  readonly depth: number;
  /** Batch size => name of the compiled verifier contract (BatchVerifier_<circuit>, see batchVerifierName). */
  readonly verifiers: Readonly<Record<number, string>>;
  /** Who may submit batches (an EOA or a contract, e.g. a multisig); default: the signer. */
  readonly operator?: string;
  /** Who may register tokens and announce verifiers; default: the signer. */
  readonly governor?: string;
  /** Seconds a priority entry may wait before anyone can freeze the rollup (default 7 days;
   * the contract accepts 1 hour to 30 days). */
  readonly priorityDeadline?: number;
  /** Smallest ETH deposit or top-up, in wei (default 1: no zero deposits). */
  readonly ethMinDeposit?: bigint;
  /** Deploy insecure verifiers on any chain: whoever knows their setup's toxic waste can forge
   * batches and take every deposit. Only for public test networks. */
  readonly allowInsecureSetup?: boolean;
}

/** A verifier the deploy would register, and why it is insecure. */
export interface InsecureVerifier {
  readonly verifier: string;
  readonly reason: string;
}

/** Insecure verifiers on a chain that is not a development chain: nothing was deployed. */
export class InsecureSetupError extends ZkrError {
  static override readonly code = 'sdk.insecure_setup';
  constructor(
    readonly chainId: number,
    readonly insecure: readonly InsecureVerifier[],
  ) {
    super(
      InsecureSetupError.code,
      `refusing to deploy to chain ${chainId}, not a development chain (${[...DEV_CHAIN_IDS].join(', ')}): ` +
        insecure.map((v) => `${v.verifier} is insecure (${v.reason})`).join('; ') +
        ". Anyone who knows such a setup's toxic waste can prove any batch and take every deposit: set the circuits up from a ceremony ptau (zkr setup NAME --ptau FILE, or zkr ceremony), or pass --allow-insecure-setup (allowInsecureSetup) to accept the risk",
    );
  }
}

/** The verifiers among `names` whose setup is insecure or unknown. */
export function insecureVerifiers(artifacts: Artifacts, names: readonly string[]): InsecureVerifier[] {
  return names.flatMap((verifier) => {
    const key = artifacts[verifier]?.verificationKey;
    if (!key) return [{ verifier, reason: 'its setup is unknown: not compiled from a circuit setup' }];
    return key.setup.insecure ? [{ verifier, reason: key.setup.insecureReason ?? 'its toxic waste is known' }] : [];
  });
}

async function deployed(factory: ContractFactory, ...args: unknown[]): Promise<Contract> {
  return (await deployedContract(await factory.deploy(...args))) as Contract;
}

function factoryOf(artifacts: Artifacts, name: string, signer: Signer): ContractFactory {
  const artifact = artifacts[name] ?? fixedArtifacts()[name];
  if (!artifact) throw new Error(`contract ${name} is not among the compiled artifacts`);
  return new ContractFactory(artifact.abi as never, artifact.bytecode, signer);
}

export async function deployRollup(options: DeployOptions): Promise<RollupClient> {
  const { signer, artifacts } = options;
  if (!signer.provider) throw new Error('signer: a signer connected to a provider is needed');
  const chainId = Number((await signer.provider.getNetwork()).chainId);
  const insecure = insecureVerifiers(artifacts, Object.values(options.verifiers));
  if (insecure.length > 0 && !DEV_CHAIN_IDS.has(chainId) && options.allowInsecureSetup !== true) throw new InsecureSetupError(chainId, insecure);

  const [poseidon4, poseidon5] = [await deployed(factoryOf(artifacts, 'Poseidon4', signer)), await deployed(factoryOf(artifacts, 'Poseidon5', signer))];
  // Verifiers are fixed at deployment; later changes wait out the notice (spec §7.4).
  const verifiers = [];
  for (const [batchSize, name] of Object.entries(options.verifiers)) {
    verifiers.push({ batchSize: BigInt(batchSize), verifier: await (await deployed(factoryOf(artifacts, name, signer))).getAddress() });
  }
  const self = await signer.getAddress();
  const config = {
    governor: options.governor ?? self,
    operator: options.operator ?? self,
    poseidon4: await poseidon4.getAddress(),
    poseidon5: await poseidon5.getAddress(),
    levels: options.depth / 2,
    genesisRoot: emptyRoot(options.depth),
    priorityDeadline: options.priorityDeadline ?? 7 * 24 * 3600,
    ethMinDeposit: options.ethMinDeposit ?? 1n,
  };
  const rollup = await deployed(factoryOf(artifacts, 'Rollup', signer), config, verifiers);
  return new RollupClient(rollup, options.depth);
}
