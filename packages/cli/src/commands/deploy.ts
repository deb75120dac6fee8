// zkr deploy: compile the rollup with the circuits' verifiers, deploy it, record the deployment;
// and the governor's one later act, registering a token.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { Wallet } from 'ethers';
import { getInstance } from '@zkr/circuits';
import { batchVerifierName, compileContracts, deployRollup } from '@zkr/contracts';
import { writeDeployment, type Deployment } from '../deployment.js';
import { UsageError } from '../errors.js';
import type { Run } from '../io.js';
import { addDeploymentOptions, addSignerOption, l1KeyOf, sendToRollup, withL1, type DeploymentOptions, type SignerOptions } from '../l1.js';
import { parseAddress, parseCount, parseRpcUrl } from '../parse.js';

interface DeployOptions extends SignerOptions {
  rpc: string;
  depth: string;
  circuits: string;
  priorityDeadline?: string;
  out: string;
  force?: boolean;
}

/** Batch size => circuit, each a registry instance of the deployment's depth. */
function circuitsBySize(list: string, depth: number): Record<number, string> {
  const bySize: Record<number, string> = {};
  for (const name of list.split(',').map((n) => n.trim())) {
    const instance = getInstance(name);
    if (instance.depth !== depth) throw new UsageError(`--circuits: ${name} has depth ${instance.depth}, --depth is ${depth}`);
    if (bySize[instance.batchSize] !== undefined) throw new UsageError(`--circuits: ${bySize[instance.batchSize]} and ${name} both prove batches of ${instance.batchSize}`);
    bySize[instance.batchSize] = name;
  }
  return bySize;
}

export function registerDeployCommand(program: Command, run: Run): void {
  addSignerOption(
    program
      .command('deploy')
      .description("deploy the rollup contract with the verifiers of set-up circuits; writes the deployment JSON later commands read")
      .requiredOption('--rpc <url>', 'L1 JSON-RPC URL')
      .option('--depth <n>', 'tree depth: the rollup holds 2^depth accounts', '8')
      .option('--circuits <names>', 'comma-separated registry circuits, one per batch size (each set up with `zkr setup NAME`)', 'batch_1_d8,batch_2_d8')
      .option('--priority-deadline <seconds>', 'how long a deposit or forced exit may wait before anyone can freeze the rollup (default 7 days)')
      .option('-o, --out <file>', 'deployment JSON to write', 'deployment.json')
      .option('--force', 'overwrite an existing deployment JSON'),
  )
    .addHelpText(
      'after',
      '\nThe sender becomes governor and operator. A circuit that is not set up stops the deploy with exit 3.\n\nExample:\n  $ ZKR_PRIVATE_KEY=0xac09… zkr deploy --rpc http://127.0.0.1:8545 --out deployment.json',
    )
    .action((options: DeployOptions) =>
      run(async (output) => {
        const key = l1KeyOf(options);
        const rpc = parseRpcUrl(options.rpc, '--rpc');
        const depth = parseCount(options.depth, '--depth');
        const circuits = circuitsBySize(options.circuits, depth);
        const priorityDeadline = options.priorityDeadline === undefined ? undefined : parseCount(options.priorityDeadline, '--priority-deadline');
        // The file is the only record of where the rollup lives: never replace one by accident.
        if (existsSync(options.out) && !options.force) throw new UsageError(`--out ${options.out} exists; pass --force to overwrite it`);
        const deployment = await withL1(rpc, async ({ provider, chainId }) => {
          // Compiling reads each circuit's zkey: a missing setup fails here, before any transaction.
          const artifacts = await compileContracts({ circuits: Object.values(circuits) });
          const signer = new Wallet(key, provider);
          output.info(`deploying to chain ${chainId} from ${signer.address}`);
          const client = await deployRollup({
            signer,
            artifacts,
            depth,
            verifiers: Object.fromEntries(Object.entries(circuits).map(([size, name]) => [size, batchVerifierName(name)])),
            ...(priorityDeadline === undefined ? {} : { priorityDeadline }),
          });
          const result: Deployment = { version: 1, rpc, chainId, rollup: await client.address, operator: signer.address, depth, circuits, deployBlock: await client.deployedAtBlock() };
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
