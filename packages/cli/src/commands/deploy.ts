// zkr deploy: compile the rollup with the circuits' verifiers, deploy it, record the deployment;
// and the governor's one later act, registering a token.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { Artifacts } from '@zkr/contracts';
import type { RollupClient } from '@zkr/sdk';
import { writeDeployment, type DeployedVerifier, type Deployment } from '../deployment.js';
import { UsageError } from '../errors.js';
import type { Run } from '../io.js';
import { loadCircuits, loadContracts, loadEthers, loadSdk } from '../lazy.js';
import { addDeploymentOptions, addSignerOption, l1KeyOf, sendToRollup, withL1, type DeploymentOptions, type SignerOptions } from '../l1.js';
import { parseAddress, parseCount, parseRpcUrl } from '../parse.js';

/** @zkr/sdk's DEV_CHAIN_IDS, written out so that --help need not load the contracts package;
 * test/help.test.ts checks that the two agree. */
export const DEV_CHAINS_HELP = '31337, 1337';

interface DeployOptions extends SignerOptions {
  rpc: string;
  depth: string;
  circuits: string;
  priorityDeadline?: string;
  out: string;
  force?: boolean;
  operator?: string;
  allowInsecureSetup?: boolean;
}

/** Batch size => circuit, each a registry instance of the deployment's depth. */
async function circuitsBySize(list: string, depth: number): Promise<Record<number, string>> {
  const { getInstance } = await loadCircuits();
  const bySize: Record<number, string> = {};
  for (const name of list.split(',').map((n) => n.trim())) {
    const instance = getInstance(name);
    if (instance.depth !== depth) throw new UsageError(`--circuits: ${name} has depth ${instance.depth}, --depth is ${depth}`);
    if (bySize[instance.batchSize] !== undefined)
      throw new UsageError(`--circuits: ${bySize[instance.batchSize]} and ${name} both prove batches of ${instance.batchSize}`);
    bySize[instance.batchSize] = name;
  }
  return bySize;
}

/** What the deployment file records of each registered verifier: read back from the chain. */
async function deployedVerifiers(client: RollupClient, artifacts: Artifacts, circuits: Record<number, string>): Promise<Record<number, DeployedVerifier>> {
  const [{ Contract }, { batchVerifierName }] = await Promise.all([loadEthers(), loadContracts()]);
  const verifiers: Record<number, DeployedVerifier> = {};
  for (const [size, circuit] of Object.entries(circuits)) {
    const name = batchVerifierName(circuit);
    const key = artifacts[name]!.verificationKey!;
    const address = (await client.contract.getFunction('verifiers')(size)) as string;
    const vkHash = (await new Contract(address, artifacts[name]!.abi as never, client.contract.runner).getFunction('VK_HASH')()) as string;
    if (vkHash !== key.vkHash) throw new Error(`${name} at ${address} reports VK_HASH ${vkHash}, compiled from ${key.vkHash}`);
    const reason = key.setup.insecureReason === undefined ? {} : { insecureReason: key.setup.insecureReason };
    verifiers[Number(size)] = { circuit, address, vkHash, setup: key.setup.id, insecure: key.setup.insecure, ...reason };
  }
  return verifiers;
}

export function registerDeployCommand(program: Command, run: Run): void {
  addSignerOption(
    program
      .command('deploy')
      .description('deploy the rollup contract with the verifiers of set-up circuits; writes the deployment JSON later commands read')
      .requiredOption('--rpc <url>', 'L1 JSON-RPC URL')
      .option('--depth <n>', 'tree depth: the rollup holds 2^depth accounts', '8')
      .option('--circuits <names>', 'comma-separated registry circuits, one per batch size (each set up with `zkr setup NAME`)', 'batch_1_d8,batch_2_d8')
      .option('--priority-deadline <seconds>', 'how long a deposit or forced exit may wait before anyone can freeze the rollup (default 7 days)')
      .option('--operator <address>', 'who may submit batches: an EOA or a contract such as a multisig (default: the sender, who is always the governor)')
      .option(
        '--allow-insecure-setup',
        'deploy verifiers of an insecure setup (dev, or a ptau whose toxic waste is known) to a chain that is not a local development chain: whoever knows that toxic waste can forge batches and take every deposit',
      )
      .option('-o, --out <file>', 'deployment JSON to write', 'deployment.json')
      .option('--force', 'overwrite an existing deployment JSON'),
  )
    .addHelpText(
      'after',
      [
        '',
        'The sender becomes the governor (registers tokens and verifiers); --operator names who submits batches.',
        'Each circuit uses its preferred setup: a ceremony one (zkr setup NAME --ptau FILE, zkr ceremony) over the dev one.',
        '',
        'Refusals, before any transaction:',
        `  exit 4  a verifier's setup is insecure (e.g. --dev) and the chain is not a development chain (${DEV_CHAINS_HELP}), unless --allow-insecure-setup`,
        '  exit 3  a circuit is not set up',
        '  exit 2  --out exists (without --force), a bad option or circuit list',
        '',
        'The deployment file records the governor, the operator, and per verifier its address, its verification-key hash (= its on-chain VK_HASH), its setup and whether that setup is insecure.',
        '',
        'Example:',
        '  $ ZKR_PRIVATE_KEY=0xac09… zkr deploy --rpc http://127.0.0.1:8545 --operator 0x7099…79C8 --out deployment.json',
      ].join('\n'),
    )
    .action((options: DeployOptions) =>
      run(async (output) => {
        const key = l1KeyOf(options);
        const rpc = parseRpcUrl(options.rpc, '--rpc');
        const depth = parseCount(options.depth, '--depth');
        const circuits = await circuitsBySize(options.circuits, depth);
        const priorityDeadline = options.priorityDeadline === undefined ? undefined : parseCount(options.priorityDeadline, '--priority-deadline');
        const operator = options.operator === undefined ? undefined : parseAddress(options.operator, '--operator');
        // The file is the only record of where the rollup lives: never replace one by accident.
        if (existsSync(options.out) && !options.force) throw new UsageError(`--out ${options.out} exists; pass --force to overwrite it`);
        const [{ Wallet }, { describeSetup }, { batchVerifierName, compileContracts }, { deployRollup }] = await Promise.all([
          loadEthers(),
          loadCircuits(),
          loadContracts(),
          loadSdk(),
        ]);
        const deployment = await withL1(rpc, async ({ provider, chainId }) => {
          // Compiling reads each circuit's zkey: a missing setup fails here, before any transaction.
          const artifacts = await compileContracts({ circuits: Object.values(circuits) });
          for (const circuit of Object.values(circuits))
            output.info(`verifier of ${describeSetup({ name: circuit, setup: artifacts[batchVerifierName(circuit)]!.verificationKey!.setup })}`);
          const signer = new Wallet(key, provider);
          output.info(`deploying to chain ${chainId} from ${signer.address} (governor)`);
          if (operator === undefined || operator === signer.address) {
            output.info(
              `WARNING: ${signer.address} is both governor and operator: one key can then register verifiers and submit batches; pass --operator ADDR to separate the roles`,
            );
          }
          const client = await deployRollup({
            signer,
            artifacts,
            depth,
            verifiers: Object.fromEntries(Object.entries(circuits).map(([size, name]) => [size, batchVerifierName(name)])),
            ...(priorityDeadline === undefined ? {} : { priorityDeadline }),
            ...(operator === undefined ? {} : { operator }),
            allowInsecureSetup: options.allowInsecureSetup === true,
          });
          const result: Deployment = {
            version: 2,
            rpc,
            chainId,
            rollup: await client.address,
            governor: signer.address,
            operator: operator ?? signer.address,
            depth,
            circuits,
            deployBlock: await client.deployedAtBlock(),
            verifiers: await deployedVerifiers(client, artifacts, circuits),
          };
          return result;
        });
        writeDeployment(options.out, deployment);
        output.result(`rollup ${deployment.rollup} on chain ${deployment.chainId} (block ${deployment.deployBlock}); wrote ${options.out}`, deployment);
      }),
    );

  addSignerOption(addDeploymentOptions(program.command('register-token')))
    .description('as the governor: admit an ERC-20 to the rollup; prints the token id deposits then name')
    .requiredOption('--token <address>', 'the ERC-20 contract')
    .addHelpText('after', '\nExample:\n  $ ZKR_PRIVATE_KEY=0xac09… zkr register-token -d deployment.json --token 0x5FbD…0aa3')
    .action((options: DeploymentOptions & SignerOptions & { token: string }) =>
      run(async (output) => {
        const token = parseAddress(options.token, '--token');
        await sendToRollup(options, async ({ client }) => {
          const tokenId = await client.registerToken(token);
          output.result(`registered ${token} as token ${tokenId}`, { token, tokenId });
        });
      }),
    );
}
