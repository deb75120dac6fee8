// Issue 15, the contract's part: no operator, governor or crafted key can take users' funds. On
// anvil with real proofs of batch_1_d8 and batch_2_d8; every attack is a test named after it.
import { type Contract, ContractFactory, Interface, ZeroAddress, type Signer } from 'ethers';
import { FIELD_MODULUS, isValidPublicKey, publicKeyOf, publicSignalCount, randomPrivateKey } from '@zkr/core';
import { batchVerifierName } from '@zkr/contracts';
import type { Operator } from '../src/index.js';
import {
  advanceTime,
  CIRCUITS,
  DEADLINE,
  deployContract,
  deployOperator,
  ETH,
  ethReceived,
  key,
  MIN_DEPOSIT,
  pub,
  revertOf,
  startHarness,
  transact,
  UNIT,
  type Harness,
} from './harness.js';

const r = FIELD_MODULUS;
/** Baby Jubjub's a and d (a x² + y² = 1 + d x² y²). */
const [A, D] = [168700n, 168696n];
const DAY = 24 * 3600;
/** The notice of a verifier change for a rollup deployed with priority deadline DEADLINE. */
const NOTICE = DEADLINE + 2 * DAY;

let harness: Harness;
let signers: Signer[];
let address: string[];
beforeAll(async () => {
  harness = await startHarness();
  signers = await Promise.all([0, 1, 2, 3, 4].map((i) => harness.provider.getSigner(i)));
  address = await Promise.all(signers.map((s) => s.getAddress()));
}, 900_000);
afterAll(async () => harness?.close());

// Roles: signer 0 operates, signer 4 governs; Alice (1) and Bob (2) deposit; Carol (3) holds key 4.
const [OPERATOR, ALICE, BOB, CAROL, GOVERNOR] = [0, 1, 2, 3, 4];

/** A rollup governed by GOVERNOR and operated by OPERATOR, with the fee account 0 (key 1), Alice's
 * account 1 (key 2, 5 units) and Bob's account 2 (key 3, 1 unit) proved on L2. */
async function openRollup(options: Parameters<typeof deployOperator>[2] = {}): Promise<Operator> {
  const operator = await deployOperator(harness, signers[OPERATOR]!, { governor: address[GOVERNOR]!, priorityDeadline: DEADLINE, ...options });
  await operator.client.deposit({ ...pub(1), tokenId: ETH, amount: MIN_DEPOSIT });
  await operator.client.connect(signers[ALICE]!).deposit({ ...pub(2), tokenId: ETH, amount: 5n * UNIT });
  await operator.client.connect(signers[BOB]!).deposit({ ...pub(3), tokenId: ETH, amount: UNIT });
  await operator.submit([{ type: 'deposit', accountIndex: 0 }], { batchSize: 1 });
  await operator.submit([{ type: 'deposit', accountIndex: 1 }], { batchSize: 1 });
  await operator.submit([{ type: 'deposit', accountIndex: 2 }], { batchSize: 1 });
  return operator;
}

const call = (operator: Operator, signer: number) => operator.client.connect(signers[signer]!);

/** `Name(arg, ...)` of the Rollup custom error a rejected call carries. */
const reverted = (call: Promise<unknown>): Promise<string> => revertOf(new Interface(harness.artifacts['Rollup']!.abi as never), call);

/** b^e mod r. */
function pow(b: bigint, e: bigint): bigint {
  let result = 1n;
  for (b %= r; e > 0n; e >>= 1n, b = (b * b) % r) if (e & 1n) result = (result * b) % r;
  return result;
}
const inverse = (n: bigint): bigint => pow(n, r - 2n);
const isSquare = (n: bigint): boolean => n % r === 0n || pow(n, (r - 1n) / 2n) === 1n;

/** sqrt(n) mod r (Tonelli-Shanks; n a quadratic residue). */
function sqrtMod(n: bigint): bigint {
  if (!isSquare(n)) throw new RangeError(`${n} is not a square mod r`);
  let [q, s] = [r - 1n, 0n];
  while ((q & 1n) === 0n) [q, s] = [q >> 1n, s + 1n];
  let z = 2n;
  while (pow(z, (r - 1n) / 2n) !== r - 1n) z++;
  let [m, c, t, x] = [s, pow(z, q), pow(n, q), pow(n, (q + 1n) / 2n)];
  while (t !== 1n) {
    let i = 1n;
    for (let t2 = (t * t) % r; t2 !== 1n; t2 = (t2 * t2) % r) i++;
    const b = pow(c, 1n << (m - i - 1n));
    [m, c, t, x] = [i, (b * b) % r, (t * b * b) % r, (x * b) % r];
  }
  return x;
}

describe('crafted account keys (issue 15.1)', () => {
  let operator: Operator;
  beforeAll(async () => {
    operator = await deployOperator(harness, signers[OPERATOR]!);
  }, 120_000);
  const deposit = (ax: bigint, ay: bigint) => reverted(operator.client.deposit({ ax, ay, tokenId: ETH, amount: UNIT }));

  test('an off-curve key is refused at deposit', async () => {
    const { ax, ay } = pub(2);
    expect(await deposit(ax, ay + 1n)).toBe(`Rollup__KeyNotOnCurve(${ax}, ${ay + 1n})`);
    expect(await deposit(1n, 2n)).toBe('Rollup__KeyNotOnCurve(1, 2)');
    // (0, 0) marks a top-up in the queue; a coordinate + r is the same field element to the
    // circuit but another key to L1.
    expect(await deposit(0n, 0n)).toBe('Rollup__KeyNotOnCurve(0, 0)');
    expect(await deposit(ax + r, ay)).toBe(`Rollup__KeyNotOnCurve(${ax + r}, ${ay})`);
  });

  test('each small-order key is refused at deposit: (0, 1), (0, -1), (±1/√a, 0)', async () => {
    const invSqrtA = sqrtMod(inverse(A));
    for (const [x, y] of [
      [0n, 1n],
      [0n, r - 1n],
      [invSqrtA, 0n],
      [r - invSqrtA, 0n],
    ] as const) {
      expect(await deposit(x, y)).toBe(`Rollup__KeyOfSmallOrder(${x}, ${y})`);
    }
    expect(await operator.client.contract.getFunction('queuedPriority')()).toBe(0n);
  });

  test('the contract and @zkr/core agree on keys: the 8 small-order points, random keys, off-curve points', async () => {
    const probe = await deployContract(harness, 'KeyCheckProbe', signers[OPERATOR]!);
    const contractAccepts = async (ax: bigint, ay: bigint): Promise<boolean> => ((await probe.getFunction('measure')(ax, ay)) as [boolean, bigint])[0];
    const onCurve = (x: bigint, y: bigint): boolean => (A * x * x + y * y) % r === (1n + ((D * x * x) % r) * y * y) % r;
    // 8P = O: (0, ±1), (±1/√a, 0), and the four points of order 8, where y² = a x² and
    // x² = (1 + 2/s) / d for s = ±√a (halving (±1/√a, 0)).
    const s = sqrtMod(A);
    const invSqrtA = sqrtMod(inverse(A));
    const smallOrder: [bigint, bigint][] = [
      [0n, 1n],
      [0n, r - 1n],
      [invSqrtA, 0n],
      [r - invSqrtA, 0n],
    ];
    for (const root of [s, r - s]) {
      const xx = ((1n + 2n * inverse(root)) * inverse(D)) % r;
      if (!isSquare(xx)) continue;
      const x = sqrtMod(xx);
      for (const px of [x, r - x]) for (const py of [(root * px) % r, r - ((root * px) % r)]) if (onCurve(px, py)) smallOrder.push([px, py]);
    }
    expect(new Set(smallOrder.map(String)).size).toBe(8);
    const random = Array.from({ length: 6 }, () => publicKeyOf(randomPrivateKey()));
    const cases: [bigint, bigint][] = [
      ...smallOrder,
      ...random.map(({ ax, ay }): [bigint, bigint] => [ax, ay]),
      ...random.map(({ ax, ay }): [bigint, bigint] => [ax, (ay + 1n) % r]),
    ];
    for (const [ax, ay] of cases) expect([ax, ay, await contractAccepts(ax, ay)]).toEqual([ax, ay, isValidPublicKey({ ax, ay })]);
    expect(smallOrder.every(([x, y]) => onCurve(x, y) && !isValidPublicKey({ ax: x, ay: y }))).toBe(true);
  });

  test('a real key is accepted; the check costs about 1 % of the deposit', async () => {
    const receipt = await operator.client.deposit({ ...pub(2), tokenId: ETH, amount: UNIT });
    expect(operator.client.events(receipt, 'DepositQueued')).toHaveLength(1);
    const probe = await deployContract(harness, 'KeyCheckProbe', signers[OPERATOR]!);
    const { ax, ay } = pub(2);
    const [valid, used] = (await probe.getFunction('measure')(ax, ay)) as [boolean, bigint];
    expect(valid).toBe(true);
    expect(used).toBeLessThan(receipt.gasUsed / 50n);
  });
});

describe('a hostile governor (issue 15.3)', () => {
  test('governor and operator are distinct roles named at deployment', async () => {
    const operator = await deployOperator(harness, signers[OPERATOR]!, { governor: address[GOVERNOR]! });
    const contract = operator.client.contract;
    expect([await contract.getFunction('governor')(), await contract.getFunction('operator')()]).toEqual([address[GOVERNOR], address[OPERATOR]]);
    const token = await deployContract(harness, 'TestToken', signers[OPERATOR]!);
    expect(await reverted(operator.client.registerToken(await token.getAddress()))).toBe('Rollup__NotGovernor()');
    expect(await call(operator, GOVERNOR).registerToken(await token.getAddress())).toBe(1n);
    const submit = call(operator, GOVERNOR).contract.getFunction('submitBatches');
    expect(await reverted(submit.staticCall(1, [{ newRoot: 1n, feeAccountIndex: 0n, opBytes: '0x' }], [Array(8).fill(0n)]))).toBe('Rollup__NotOperator()');
  });

  test('governor drain: a verifier accepting anything cannot be used when registered; a user who sees it announced forces an exit, freezes the rollup and escapes first', async () => {
    const operator = await openRollup();
    const governor = call(operator, GOVERNOR);
    const hostile = await deployContract(harness, 'AcceptAllVerifier', signers[GOVERNOR]!, publicSignalCount(4), 4);
    const receipt = await governor.announceVerifier(4, await hostile.getAddress());
    const { activeAt } = governor.events(receipt, 'VerifierAnnounced')[0]!;
    expect(activeAt).toBe(BigInt((await harness.provider.getBlock(receipt.blockNumber))!.timestamp + NOTICE));

    // Registration then immediate use: refused, whatever the "proof".
    const forged = [{ newRoot: 1n, feeAccountIndex: 0n, opBytes: '0x' }];
    const submit = operator.client.contract.getFunction('submitBatches');
    expect(await reverted(submit.staticCall(4, forged, [Array(8).fill(0n)]))).toBe('Rollup__NoVerifierFor(4)');
    expect(await reverted(operator.client.activateVerifier(4))).toBe(`Rollup__NoticeNotOver(4, ${activeAt})`);

    // Alice sees the announcement and queues a forced exit; the operator, hostile too, ignores it.
    const alice = call(operator, ALICE);
    await alice.requestForcedExit(1);
    await advanceTime(harness, DEADLINE + 1);
    await alice.freeze();
    await advanceTime(harness, NOTICE - DEADLINE);
    expect(await reverted(operator.client.activateVerifier(4))).toBe('Rollup__Frozen()');
    expect(await reverted(submit.staticCall(4, forged, [Array(8).fill(0n)]))).toBe('Rollup__Frozen()');

    // The last verified root is one an honest verifier accepted: its leaves are known.
    const account = operator.state.account(1)!;
    await alice.escape({ accountIndex: 1, ...account, siblings: operator.state.proof(1) });
    expect(await ethReceived(harness, address[ALICE]!, await alice.withdraw(ETH))).toBe(5n * UNIT);
  });

  test('a verifier change takes effect after the notice, and not before', async () => {
    // Deployed with the size-1 verifier alone; the governor then adds size 2.
    const operator = await openRollup({ verifiers: { 1: batchVerifierName(CIRCUITS[1]) } });
    const governor = call(operator, GOVERNOR);
    const sizeTwo = await (await deployContract(harness, batchVerifierName(CIRCUITS[2]), signers[GOVERNOR]!)).getAddress();
    expect(await reverted(operator.client.announceVerifier(2, sizeTwo))).toBe('Rollup__NotGovernor()');
    await governor.announceVerifier(2, sizeTwo);
    const [pending, activeAt] = (await operator.client.contract.getFunction('announcedVerifiers')(2)) as [string, bigint];
    expect(pending).toBe(sizeTwo);
    expect(await reverted(governor.announceVerifier(2, sizeTwo))).toBe(`Rollup__AnnouncementPending(2, ${sizeTwo}, ${activeAt})`);

    const batch = [await operator.transfer(key(2), { from: 1, to: 2, amount: UNIT, fee: 0n })];
    await expect(operator.submit(batch, { batchSize: 2 })).rejects.toMatchObject({ reason: 'Rollup__NoVerifierFor', args: [2n] });
    await advanceTime(harness, NOTICE - 60);
    expect(await reverted(operator.client.activateVerifier(2))).toBe(`Rollup__NoticeNotOver(2, ${activeAt})`);
    await advanceTime(harness, 60);
    // Anyone may activate it once the notice is over.
    const activated = await call(operator, BOB).activateVerifier(2);
    expect(operator.client.events(activated, 'VerifierRegistered').map((e) => [e.batchSize, e.verifier])).toEqual([[2n, sizeTwo]]);
    await operator.submit(batch, { batchSize: 2 });
    expect(await operator.client.root()).toBe(operator.state.root);

    // An announcement can be withdrawn before it takes effect.
    const hostile = await deployContract(harness, 'AcceptAllVerifier', signers[GOVERNOR]!, publicSignalCount(4), 4);
    await governor.announceVerifier(4, await hostile.getAddress());
    const cancelled = await governor.cancelVerifier(4);
    expect(governor.events(cancelled, 'VerifierCancelled').map((e) => [e.batchSize, e.verifier])).toEqual([[4n, await hostile.getAddress()]]);
    await advanceTime(harness, NOTICE);
    expect(await reverted(operator.client.activateVerifier(4))).toBe('Rollup__NoAnnouncement(4)');
  });
});

describe('deployment bounds (issue 15.7)', () => {
  /** Why deploying a Rollup with these config fields and verifiers reverts. */
  let deployWith: (config: Record<string, unknown>, verifiers?: { batchSize: bigint; verifier: string }[]) => Promise<string>;
  let verifierOne: string;
  beforeAll(async () => {
    const reference = (await deployOperator(harness, signers[OPERATOR]!)).client.contract;
    const get = (name: string, ...args: unknown[]): Promise<unknown> => reference.getFunction(name)(...args);
    verifierOne = (await get('verifiers', 1)) as string;
    const base = {
      governor: address[GOVERNOR],
      operator: address[OPERATOR],
      poseidon4: await get('poseidon4'),
      poseidon5: await get('poseidon5'),
      levels: 4n,
      genesisRoot: await get('root'),
      priorityDeadline: BigInt(DEADLINE),
      ethMinDeposit: 1n,
    };
    const artifact = harness.artifacts['Rollup']!;
    const factory = new ContractFactory(artifact.abi as never, artifact.bytecode, signers[OPERATOR]!);
    deployWith = async (config, verifiers = [{ batchSize: 1n, verifier: verifierOne }]) =>
      reverted(signers[OPERATOR]!.call(await factory.getDeployTransaction({ ...base, ...config }, verifiers)));
  }, 120_000);

  test('a priority deadline outside 1 hour to 30 days is refused: 0 would let anyone freeze at once, 2^64 - 1 would wrap', async () => {
    const [min, max] = [3600n, 30n * BigInt(DAY)];
    for (const deadline of [0n, min - 1n, max + 1n, 2n ** 64n - 1n]) {
      expect(await deployWith({ priorityDeadline: deadline })).toBe(`Rollup__BadPriorityDeadline(${deadline}, ${min}, ${max})`);
    }
  });

  test("levels that differ from a verifier's tree depth are refused", async () => {
    expect(await deployWith({ levels: 5n })).toBe(`Rollup__VerifierDepth(1, ${verifierOne}, 4, 5)`);
    expect(await deployWith({ levels: 0n })).toBe('Rollup__BadLevels(0)');
    expect(await deployWith({ levels: 13n })).toBe('Rollup__BadLevels(13)');
    // A size-1 verifier registered for size 2, or twice.
    expect(await deployWith({}, [{ batchSize: 2n, verifier: verifierOne }])).toBe(`Rollup__VerifierMismatch(2, ${verifierOne})`);
    expect(
      await deployWith({}, [
        { batchSize: 1n, verifier: verifierOne },
        { batchSize: 1n, verifier: verifierOne },
      ]),
    ).toBe('Rollup__VerifierExists(1)');
  });

  test('missing roles, Poseidon contracts and a zero minimum deposit are refused', async () => {
    expect(await deployWith({ governor: ZeroAddress })).toBe('Rollup__MissingRole(governor)');
    expect(await deployWith({ operator: ZeroAddress })).toBe('Rollup__MissingRole(operator)');
    expect(await deployWith({ poseidon4: address[ALICE] })).toBe(`Rollup__NotAContract(${address[ALICE]})`);
    expect(await deployWith({ ethMinDeposit: 0n })).toBe(`Rollup__ZeroMinimumDeposit(${ZeroAddress})`);
  });
});

describe('priority queue spam (issue 15.8)', () => {
  test('zero deposits, zero top-ups and deposits below the token minimum are refused', async () => {
    const operator = await deployOperator(harness, signers[OPERATOR]!, { governor: address[GOVERNOR]!, ethMinDeposit: 1000n });
    const alice = call(operator, ALICE);
    for (const amount of [0n, 999n]) {
      expect(await reverted(alice.deposit({ ...pub(2), tokenId: ETH, amount }))).toBe(`Rollup__BelowMinimumDeposit(0, ${amount}, 1000)`);
    }
    await alice.deposit({ ...pub(2), tokenId: ETH, amount: 1000n });
    expect(await reverted(call(operator, BOB).depositTo({ accountIndex: 0, amount: 0n, eth: true }))).toBe('Rollup__BelowMinimumDeposit(0, 0, 1000)');

    // ERC-20s: the minimum is fixed at registration and measured on what arrived.
    const governor = call(operator, GOVERNOR);
    const token = await deployContract(harness, 'FeeToken', signers[OPERATOR]!);
    const tokenAddress = await token.getAddress();
    expect(await reverted(governor.registerToken(tokenAddress, 0n))).toBe(`Rollup__ZeroMinimumDeposit(${tokenAddress})`);
    const tokenId = await governor.registerToken(tokenAddress, 1000n);
    await transact(token, 'mint', address[ALICE]!, 10_000n);
    await transact(token.connect(signers[ALICE]!) as Contract, 'approve', await operator.client.address, 10_000n);
    // 1000 sent, 990 arrive (FeeToken burns 1 %).
    expect(await reverted(alice.deposit({ ...pub(2), tokenId, amount: 1000n }))).toBe(`Rollup__BelowMinimumDeposit(${tokenId}, 990, 1000)`);
    await alice.deposit({ ...pub(2), tokenId, amount: 1011n });
    expect(await operator.client.contract.getFunction('queuedPriority')()).toBe(2n);
  });

  test('queue spam costs the attacker more L1 gas per entry than the operator pays to serve it', async () => {
    // The operator's L1 gas per slot at batch 48, 16 batches per transaction, is 2,740
    // (docs/protocol.md §9); each entry also costs it proving time (§7.7).
    const operator = await deployOperator(harness, signers[OPERATOR]!);
    const alice = call(operator, ALICE);
    // A spammer's entries after its first: counters and its own storage already written.
    const create = () => alice.deposit({ ...pub(2), tokenId: ETH, amount: MIN_DEPOSIT });
    const topUp = () => call(operator, BOB).depositTo({ accountIndex: 0, amount: MIN_DEPOSIT, eth: true });
    await create();
    await topUp();
    await alice.requestForcedExit(0);
    const gas = { create: (await create()).gasUsed, topUp: (await topUp()).gasUsed, forcedExit: (await alice.requestForcedExit(1)).gasUsed };
    for (const used of Object.values(gas)) expect(used).toBeGreaterThan(20n * 2_740n);
  });

  test('a second forced exit of an account is refused while its first is pending', async () => {
    const operator = await openRollup();
    const alice = call(operator, ALICE);
    const first = await alice.requestForcedExit(1);
    const { queueIndex } = alice.events(first, 'ForcedExitQueued')[0]!;
    expect(await reverted(alice.requestForcedExit(1))).toBe(`Rollup__ExitPending(1, ${queueIndex})`);
    expect((await operator.client.accountInfo(1)).pendingForcedExit).toBe(Number(queueIndex));
    // Another account's exit is not held up by it.
    await call(operator, BOB).requestForcedExit(2);

    await operator.submit(
      [
        { type: 'forcedExit', accountIndex: 1, amount: 5n * UNIT },
        { type: 'forcedExit', accountIndex: 2, amount: UNIT },
      ],
      { batchSize: 2 },
    );
    expect(await operator.client.pendingWithdrawal(address[ALICE]!, ETH)).toBe(5n * UNIT);
    expect((await operator.client.accountInfo(1)).pendingForcedExit).toBeNull();
    await alice.requestForcedExit(1);
  });
});

describe('exit rights (issue 15.9)', () => {
  let operator: Operator;
  beforeAll(async () => {
    operator = await openRollup();
  }, 300_000);

  test("an account Alice opens with Carol's key names Carol its owner: Alice cannot force its exit, Carol can, and is paid", async () => {
    const alice = call(operator, ALICE);
    const receipt = await alice.deposit({ ...pub(4), tokenId: ETH, amount: 2n * UNIT, owner: address[CAROL]! });
    expect(alice.events(receipt, 'AccountOwnerChanged').map((e) => [e.accountIndex, e.previousOwner, e.owner])).toEqual([[3n, ZeroAddress, address[CAROL]]]);
    expect(await operator.client.accountInfo(3)).toEqual({
      accountIndex: 3,
      ...pub(4),
      tokenId: ETH,
      owner: address[CAROL],
      onL2: false,
      pendingForcedExit: null,
    });
    await operator.submit([{ type: 'deposit', accountIndex: 3 }], { batchSize: 1 });
    expect((await operator.client.accountInfo(3)).onL2).toBe(true);

    expect(await reverted(alice.requestForcedExit(3))).toBe('Rollup__NotOwner(3)');
    await call(operator, CAROL).requestForcedExit(3);
    await operator.submit([{ type: 'forcedExit', accountIndex: 3, amount: 2n * UNIT }], { batchSize: 1 });
    expect(await operator.client.pendingWithdrawal(address[CAROL]!, ETH)).toBe(2n * UNIT);
    expect(await operator.client.pendingWithdrawal(address[ALICE]!, ETH)).toBe(0n);
  });

  test('only the owner hands the exit rights on, never to address 0', async () => {
    expect(await reverted(call(operator, BOB).deposit({ ...pub(5), tokenId: ETH, amount: UNIT, owner: ZeroAddress }))).toBe('Rollup__ZeroOwner()');
    expect(await reverted(call(operator, ALICE).setAccountOwner(2, address[ALICE]!))).toBe('Rollup__NotOwner(2)');
    const bob = call(operator, BOB);
    expect(await reverted(bob.setAccountOwner(2, ZeroAddress))).toBe('Rollup__ZeroOwner()');
    const receipt = await bob.setAccountOwner(2, address[CAROL]!);
    expect(bob.events(receipt, 'AccountOwnerChanged').map((e) => [e.accountIndex, e.previousOwner, e.owner])).toEqual([[2n, address[BOB], address[CAROL]]]);
    expect((await operator.client.accountInfo(2)).owner).toBe(address[CAROL]);
    expect(await reverted(bob.requestForcedExit(2))).toBe('Rollup__NotOwner(2)');
  });
});
