// L2 operations: users sign transfers and withdraws; the operator proves and submits batches.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { loadArtifacts, type CircuitArtifacts } from '@zkr/circuits';
import { computeDomain, publicKeyOf, signOperation, type PrivateKey, type SignedOperation } from '@zkr/core';
import { Operator, sync } from '@zkr/contracts';
import { createProver } from '@zkr/prover';
import { UsageError } from '../errors.js';
import { toJson, type Output, type Run } from '../io.js';
import { addDeploymentOptions, addSignerOption, l1KeyOf, targetOf, withRollup, type DeploymentOptions, type Rollup, type SignerOptions } from '../l1.js';
import { readOperations } from '../operations.js';
import { parseAddress, parseCount, parseKey, parseUint } from '../parse.js';

interface SignOptions extends DeploymentOptions {
  l2Key: string;
  from: string;
  amount: string;
  fee: string;
  nonce?: string;
  out?: string;
}

interface SubmitOptions extends DeploymentOptions, SignerOptions {
  ops: string[];
  feeAccount: string;
}

/** The sender's nonce as L1 data says, after checking that `key` owns the account. */
async function nonceOf(rollup: Rollup, from: number, key: PrivateKey): Promise<bigint> {
  const account = (await sync(rollup.client, rollup.provider)).account(from);
  if (account === undefined) throw new UsageError(`--from: account ${from} is not on L2 yet (its deposit must be in a submitted batch)`);
  const { ax, ay } = publicKeyOf(key);
  if (account.ax !== ax || account.ay !== ay) throw new UsageError(`--l2-key is not the key of account ${from}`);
  return account.nonce;
}

async function signAndWrite(options: SignOptions, op: SignedOperation, output: Output): Promise<void> {
  const key = parseKey(options.l2Key, '--l2-key');
  const target = targetOf(options);
  // With --nonce, signing needs no L1 at all: the domain comes from the deployment file.
  const nonce = options.nonce !== undefined ? parseUint(options.nonce, '--nonce') : await withRollup(target, undefined, (rollup) => nonceOf(rollup, op.from, key));
  const signed = signOperation(key, { domain: computeDomain(BigInt(target.deployment.chainId), target.deployment.rollup), op, nonce });
  output.info(`signed ${op.type} from account ${op.from} with nonce ${nonce}`);
  if (options.out === undefined) {
    output.result(toJson(signed), signed);
    return;
  }
  writeFileSync(options.out, `${toJson(signed)}\n`);
  output.result(`wrote ${options.out}`, { file: options.out, nonce, operation: signed });
}

function signCommand(sign: Command, name: string, description: string): Command {
  return addDeploymentOptions(sign.command(name).description(description))
    .requiredOption('--l2-key <hex>', "the sender account's L2 private key (32 bytes hex)")
    .requiredOption('--from <index>', 'sender account')
    .requiredOption('--amount <wei>', "amount in the account token's smallest unit")
    .requiredOption('--fee <wei>', "fee paid to the operator's fee account")
    .option('--nonce <n>', "the sender's nonce (default: read from L1 by syncing; pass it to sign several operations before a submit)")
    .option('-o, --out <file>', 'write the signed operation here (default: stdout)');
}

export function registerBatchCommands(program: Command, run: Run): void {
  const sign = program
    .command('sign')
    .description('sign an L2 transfer or withdraw; prints the operation JSON `zkr submit --ops` reads')
    .addHelpText('after', '\nExample:\n  $ zkr sign withdraw -d deployment.json --l2-key 0x0202…02 --from 1 --l1-address 0x7099…79C8 --amount 1000000000000000 --fee 1000000000000 > withdraw.json');
  signCommand(sign, 'transfer', 'sign a transfer between two L2 accounts')
    .requiredOption('--to <index>', 'recipient account')
    .addHelpText('after', '\nExample:\n  $ zkr sign transfer -d deployment.json --l2-key 0x0202…02 --from 1 --to 2 --amount 1000000000000000 --fee 1000000000000 -o transfer.json')
    .action((options: SignOptions & { to: string }) =>
      run((output) =>
        signAndWrite(
          options,
          { type: 'transfer', from: parseCount(options.from, '--from'), to: parseCount(options.to, '--to'), amount: parseUint(options.amount, '--amount'), fee: parseUint(options.fee, '--fee') },
          output,
        ),
      ),
    );
  signCommand(sign, 'withdraw', 'sign a withdraw from L2 to an L1 address, credited there when its batch is verified')
    .requiredOption('--l1-address <address>', 'L1 address that may pull the funds with `zkr withdraw`')
    .addHelpText('after', '\nExample:\n  $ zkr sign withdraw -d deployment.json --l2-key 0x0202…02 --from 1 --l1-address 0x7099…79C8 --amount 1000000000000000 --fee 1000000000000 -o withdraw.json')
    .action((options: SignOptions & { l1Address: string }) =>
      run((output) =>
        signAndWrite(
          options,
          {
            type: 'withdraw',
            from: parseCount(options.from, '--from'),
            amount: parseUint(options.amount, '--amount'),
            fee: parseUint(options.fee, '--fee'),
            l1Address: parseAddress(options.l1Address, '--l1-address'),
          },
          output,
        ),
      ),
    );

  addSignerOption(addDeploymentOptions(program.command('submit')))
    .description("as the operator: sync the L2 state from L1, prove a batch of operations and submit it")
    .requiredOption('--ops <files...>', 'JSON files, each one operation or an array: signed transfers/withdraws and {"type":"deposit","accountIndex":N} entries, in batch order')
    .option('--fee-account <index>', "the operator's account that collects the fees", '0')
    .addHelpText(
      'after',
      '\nDeposits and forced exits must be included in L1 queue order. The smallest registered batch size that fits is used.\n\nExample:\n  $ echo \'[{"type":"deposit","accountIndex":0},{"type":"deposit","accountIndex":1}]\' > deposits.json\n  $ ZKR_PRIVATE_KEY=0xac09… zkr submit -d deployment.json --ops deposits.json transfer.json',
    )
    .action((options: SubmitOptions) =>
      run(async (output) => {
        const key = l1KeyOf(options);
        const target = targetOf(options);
        const operations = readOperations(options.ops);
        const feeAccountIndex = parseCount(options.feeAccount, '--fee-account');
        const largest = Math.max(...Object.keys(target.deployment.circuits).map(Number));
        if (operations.length === 0 || operations.length > largest) throw new UsageError(`--ops holds ${operations.length} operations; a batch holds 1 to ${largest}`);
        // Artifacts first: a missing setup is reported (exit 3) before L1 is touched.
        const files: Record<string, CircuitArtifacts> = {};
        for (const name of Object.values(target.deployment.circuits)) files[name] = await loadArtifacts(name);
        // One batch at a time: one worker using every core gives the lowest latency.
        const prover = createProver({ circuits: files, selfCheck: true, workers: 1, threadsPerProof: availableParallelism() });
        try {
          await withRollup(target, key, async (rollup, signer) => {
            const operatorAddress = (await rollup.client.contract.getFunction('operator')()) as string;
            if (operatorAddress !== signer.address) throw new UsageError(`the L1 signer ${signer.address} is not the rollup's operator ${operatorAddress}`);
            const state = await sync(rollup.client, rollup.provider);
            output.info(`synced ${state.accountIndices().length} accounts from L1; proving ${operations.length} operations`);
            const operator = new Operator({ client: rollup.client, prove: (id, input) => prover.prove(id, input), circuits: target.deployment.circuits, feeAccountIndex, state });
            const { batch, receipt, proveMs } = await operator.submit(operations);
            const [batchNumber] = rollup.client.events(receipt, 'BatchVerified')[0] as unknown as bigint[];
            const result = { batchNumber: Number(batchNumber), batchSize: batch.chunks.length, operations: operations.length, gasUsed: receipt.gasUsed, newRoot: batch.newRoot, proveMs: Math.round(proveMs), txHash: receipt.hash };
            output.result(`batch ${result.batchNumber} verified on L1: ${result.operations} operations, proved in ${(proveMs / 1000).toFixed(1)} s, ${result.gasUsed} gas; root ${result.newRoot}`, result);
          });
        } finally {
          await prover.close();
        }
      }),
    );
}
