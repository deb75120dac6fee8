// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BabyJubjub} from "./BabyJubjub.sol";
import {IBatchVerifier, IPoseidon4, IPoseidon5, IRollup} from "./IRollup.sol";
// The batch layout (op codes and lengths, chunks, public inputs), generated from @zkr/core at build.
// solhint does not see the uses inside assembly blocks:
// solhint-disable no-unused-import
import {
    CHUNK_PAD_BITS,
    CHUNK_TYPE_SHIFT,
    CREDIT_TYPES,
    INPUT_CHAIN_AFTER,
    INPUT_CHAIN_BEFORE,
    INPUT_CHUNKS,
    INPUT_DOMAIN,
    INPUT_FEE_ACCOUNT_INDEX,
    INPUT_NEW_ROOT,
    OP_BITS,
    OP_DEPOSIT,
    OP_FORCED_EXIT,
    OP_WITHDRAW,
    PRIORITY_TYPES,
    PUBLIC_INPUTS_BEFORE_CHUNKS
} from "./generated/Layout.sol";
// solhint-enable no-unused-import

/// The ERC-20 calls the rollup makes. Transfers go through low-level calls (`_receiveToken`,
/// `_send`): tokens that return nothing (USDT's kind) must work too.
interface IERC20 {
    function balanceOf(address account) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// zkr rollup (docs/protocol.md §7): state root, priority queue of deposits and forced exits,
/// batches verified by Groth16 proofs, pull withdrawals, and an escape hatch. The external
/// surface, its errors and events, with who may call what, are in IRollup.
contract Rollup is IRollup {
    /// A verifier the governor announced; it can take effect from `activeAt` on (spec §7.4).
    struct Announcement {
        address verifier;
        uint64 activeAt;
    }

    /// Priority deadline bounds: below an hour the operator could not prove in time (and a
    /// deadline of 0 let anyone freeze the rollup a second after a deposit); above 30 days a
    /// forced exit would no longer protect anyone. The bound also keeps every deadline < 2^64.
    uint256 public constant MIN_PRIORITY_DEADLINE = 1 hours;
    uint256 public constant MAX_PRIORITY_DEADLINE = 30 days;
    /// A verifier change takes effect `priorityDeadline + VERIFIER_NOTICE_MARGIN` after its
    /// announcement: a day to notice it and request a forced exit, then the exit's deadline,
    /// then a day to get `freeze()` mined if it was not served (spec §7.4).
    uint256 public constant VERIFIER_NOTICE_MARGIN = 2 days;
    /// 3-byte account indices on the wire (spec §2.2): depth <= 24, i.e. levels <= 12.
    uint256 public constant MAX_LEVELS = 12;

    address public immutable governor;
    address public immutable operator;
    IPoseidon4 public immutable poseidon4;
    IPoseidon5 public immutable poseidon5;
    uint256 public immutable levels;
    uint256 public immutable priorityDeadline;
    /// Seconds between a verifier's announcement and the earliest time it can take effect.
    uint256 public immutable verifierNotice;
    /// Where readers of the event log (sync) start: no earlier block holds a rollup event.
    uint256 public immutable deployedAtBlock;

    /// What every batch and deposit reads and writes besides the root, in one storage word
    /// (spec §7.2): `submitBatches` loads it once and stores it once. 64 bits outlast any chain
    /// (each batch and each priority entry costs a transaction); 32 bits hold 4^12 accounts.
    struct Progress {
        uint64 batchNumber; // verified batches
        uint64 consumedPriority; // priority entries the verified batches consumed
        uint32 nextAccountIndex; // accounts opened by deposits
        bool frozen; // set by `freeze()`, forever
    }

    uint256 public root;
    Progress internal progress;
    PriorityEntry[] internal queue;
    /// An account's L1 side in one storage word: the owner holding its exit rights (spec §7.1)
    /// and its token. A forced exit's credit and an escape read both with one load.
    struct AccountRecord {
        address owner;
        uint32 tokenId;
    }

    mapping(uint256 => AccountRecord) internal accounts;
    address[] public tokens; // tokens[0] = address(0) for ETH
    mapping(address => bool) public tokenRegistered;
    mapping(uint32 => uint256) public tokenDeposited; // lifetime deposits per token, < 2^128
    mapping(uint256 => address) public verifiers; // batch size => IBatchVerifier
    mapping(uint256 => Announcement) public announcedVerifiers; // batch size => pending change
    mapping(uint32 => uint128) public minDeposit; // per token, >= 1, fixed at registration
    /// 1 + the queue index of the account's latest forced exit (0: none): while that entry is
    /// unconsumed, the account cannot queue another.
    mapping(uint256 => uint256) public lastForcedExit;
    mapping(address => mapping(uint32 => uint256)) public pendingWithdrawals;
    mapping(uint256 => bool) public exited;
    mapping(uint256 => bool) public reclaimed;
    uint256 private locked = 1;

    modifier nonReentrant() {
        if (locked != 1) revert Rollup__Reentrancy();
        locked = 2;
        _;
        locked = 1;
    }

    modifier notFrozen() {
        if (progress.frozen) revert Rollup__Frozen();
        _;
    }

    constructor(Config memory config, VerifierSpec[] memory initialVerifiers) {
        if (config.governor == address(0)) revert Rollup__MissingRole("governor");
        if (config.operator == address(0)) revert Rollup__MissingRole("operator");
        if (address(config.poseidon4).code.length == 0) revert Rollup__NotAContract(address(config.poseidon4));
        if (address(config.poseidon5).code.length == 0) revert Rollup__NotAContract(address(config.poseidon5));
        if (config.levels == 0 || config.levels > MAX_LEVELS) revert Rollup__BadLevels(config.levels);
        if (config.priorityDeadline < MIN_PRIORITY_DEADLINE || config.priorityDeadline > MAX_PRIORITY_DEADLINE) {
            revert Rollup__BadPriorityDeadline(config.priorityDeadline, MIN_PRIORITY_DEADLINE, MAX_PRIORITY_DEADLINE);
        }
        if (config.ethMinDeposit == 0) revert Rollup__ZeroMinimumDeposit(address(0));
        governor = config.governor;
        operator = config.operator;
        poseidon4 = config.poseidon4;
        poseidon5 = config.poseidon5;
        levels = config.levels;
        root = config.genesisRoot;
        priorityDeadline = config.priorityDeadline;
        verifierNotice = config.priorityDeadline + VERIFIER_NOTICE_MARGIN;
        deployedAtBlock = block.number;
        tokens.push(address(0));
        minDeposit[0] = config.ethMinDeposit;
        emit TokenRegistered(0, address(0), config.ethMinDeposit);
        for (uint256 i = 0; i < initialVerifiers.length; i++) {
            (uint256 batchSize, address verifier) = (initialVerifiers[i].batchSize, initialVerifiers[i].verifier);
            if (verifiers[batchSize] != address(0)) revert Rollup__VerifierExists(batchSize);
            _checkVerifier(batchSize, verifier, config.levels);
            verifiers[batchSize] = verifier;
            emit VerifierRegistered(batchSize, verifier);
        }
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IRollup
    // One id per token contract: two ids would share one L1 balance. A token must have code:
    // a low-level call to an empty address succeeds, and `_send` would count it as paid. Its
    // minimum deposit is fixed here: a governor able to raise it later could shut deposits.
    function registerToken(address token, uint128 minDeposit_) external returns (uint32 tokenId) {
        if (msg.sender != governor) revert Rollup__NotGovernor();
        if (token.code.length == 0) revert Rollup__NotAContract(token);
        if (tokenRegistered[token]) revert Rollup__TokenExists(token);
        if (minDeposit_ == 0) revert Rollup__ZeroMinimumDeposit(token);
        tokenRegistered[token] = true;
        tokenId = uint32(tokens.length);
        tokens.push(token);
        minDeposit[tokenId] = minDeposit_;
        emit TokenRegistered(tokenId, token, minDeposit_);
    }

    /// @inheritdoc IRollup
    // A verifier decides which roots become true, so a hostile one could credit every coin to
    // its owner: it takes effect only `verifierNotice` later, after every user who saw this event
    // had time to force an exit and, if the operator ignored it, to freeze the rollup (§7.4).
    function announceVerifier(uint256 batchSize, address verifier) external {
        if (msg.sender != governor) revert Rollup__NotGovernor();
        Announcement memory pending = announcedVerifiers[batchSize];
        if (pending.verifier != address(0)) revert Rollup__AnnouncementPending(batchSize, pending.verifier, pending.activeAt);
        _checkVerifier(batchSize, verifier, levels);
        uint64 activeAt = uint64(block.timestamp + verifierNotice);
        announcedVerifiers[batchSize] = Announcement(verifier, activeAt);
        emit VerifierAnnounced(batchSize, verifier, activeAt);
    }

    /// @inheritdoc IRollup
    function cancelVerifier(uint256 batchSize) external {
        if (msg.sender != governor) revert Rollup__NotGovernor();
        address verifier = announcedVerifiers[batchSize].verifier;
        if (verifier == address(0)) revert Rollup__NoAnnouncement(batchSize);
        delete announcedVerifiers[batchSize];
        emit VerifierCancelled(batchSize, verifier);
    }

    /// @inheritdoc IRollup
    function activateVerifier(uint256 batchSize) external notFrozen {
        Announcement memory pending = announcedVerifiers[batchSize];
        if (pending.verifier == address(0)) revert Rollup__NoAnnouncement(batchSize);
        if (block.timestamp < pending.activeAt) revert Rollup__NoticeNotOver(batchSize, pending.activeAt);
        delete announcedVerifiers[batchSize];
        verifiers[batchSize] = pending.verifier;
        emit VerifierRegistered(batchSize, pending.verifier);
    }

    /// A verifier of another batch size or tree depth would make every batch of this size
    /// unprovable (or prove statements about another tree).
    function _checkVerifier(uint256 batchSize, address verifier, uint256 levels_) internal view {
        if (verifier.code.length == 0) revert Rollup__NotAContract(verifier);
        if (IBatchVerifier(verifier).PUBLIC_INPUTS() != PUBLIC_INPUTS_BEFORE_CHUNKS + batchSize) revert Rollup__VerifierMismatch(batchSize, verifier);
        uint256 verifierLevels = IBatchVerifier(verifier).LEVELS();
        if (verifierLevels != levels_) revert Rollup__VerifierDepth(batchSize, verifier, verifierLevels, levels_);
    }

    // ---------------------------------------------------------------- L1 -> L2

    /// @inheritdoc IRollup
    function deposit(uint256 ax, uint256 ay, uint32 tokenId, uint128 amount, address owner) external payable notFrozen returns (uint256 accountIndex) {
        // circomlib's EdDSA verifier trusts the key to be a curve point of large order: an
        // off-curve or small-order key would let anyone forge its signatures. (0, 0), which
        // marks a top-up in the queue, is not on the curve.
        if (!BabyJubjub.isOnCurve(ax, ay)) revert Rollup__KeyNotOnCurve(ax, ay);
        if (!BabyJubjub.hasLargeOrder(ax, ay)) revert Rollup__KeyOfSmallOrder(ax, ay);
        if (owner == address(0)) revert Rollup__ZeroOwner();
        accountIndex = progress.nextAccountIndex;
        if (accountIndex >= 4 ** levels) revert Rollup__TreeFull();
        uint128 received = _receive(tokenId, amount);
        progress.nextAccountIndex = uint32(accountIndex + 1);
        accounts[accountIndex] = AccountRecord(owner, tokenId);
        emit AccountOwnerChanged(accountIndex, address(0), owner);
        _enqueue(OP_DEPOSIT, accountIndex, tokenId, received, ax, ay);
    }

    /// @inheritdoc IRollup
    function depositTo(uint256 accountIndex, uint128 amount) external payable notFrozen {
        if (accountIndex >= progress.nextAccountIndex) revert Rollup__UnknownAccount(accountIndex);
        uint32 tokenId = accounts[accountIndex].tokenId;
        uint128 received = _receive(tokenId, amount);
        _enqueue(OP_DEPOSIT, accountIndex, tokenId, received, 0, 0);
    }

    /// @inheritdoc IRollup
    function setAccountOwner(uint256 accountIndex, address owner) external {
        address previous = accounts[accountIndex].owner;
        if (previous != msg.sender) revert Rollup__NotOwner(accountIndex);
        if (owner == address(0)) revert Rollup__ZeroOwner();
        accounts[accountIndex].owner = owner;
        emit AccountOwnerChanged(accountIndex, previous, owner);
    }

    /// @inheritdoc IRollup
    // One pending exit per account: more would only lengthen the queue the operator must serve.
    function requestForcedExit(uint256 accountIndex) external notFrozen {
        if (accountIndex >= progress.nextAccountIndex) revert Rollup__UnknownAccount(accountIndex);
        AccountRecord memory account = accounts[accountIndex];
        if (account.owner != msg.sender) revert Rollup__NotOwner(accountIndex);
        uint256 last = lastForcedExit[accountIndex];
        if (last > progress.consumedPriority) revert Rollup__ExitPending(accountIndex, last - 1);
        lastForcedExit[accountIndex] = queue.length + 1;
        _enqueue(OP_FORCED_EXIT, accountIndex, account.tokenId, 0, 0, 0);
    }

    /// @inheritdoc IRollup
    function accountOwner(uint256 accountIndex) external view returns (address) {
        return accounts[accountIndex].owner;
    }

    /// @inheritdoc IRollup
    function accountToken(uint256 accountIndex) external view returns (uint32) {
        return accounts[accountIndex].tokenId;
    }

    /// @inheritdoc IRollup
    function batchNumber() external view returns (uint256) {
        return progress.batchNumber;
    }

    /// @inheritdoc IRollup
    function consumedPriority() external view returns (uint256) {
        return progress.consumedPriority;
    }

    /// @inheritdoc IRollup
    function nextAccountIndex() external view returns (uint256) {
        return progress.nextAccountIndex;
    }

    /// @inheritdoc IRollup
    function frozen() external view returns (bool) {
        return progress.frozen;
    }

    /// @inheritdoc IRollup
    function tokenCount() external view returns (uint256) {
        return tokens.length;
    }

    /// @inheritdoc IRollup
    function queuedPriority() external view returns (uint256) {
        return queue.length;
    }

    /// @inheritdoc IRollup
    function priorityEntry(uint256 queueIndex) external view returns (PriorityEntry memory) {
        return queue[queueIndex];
    }

    /// @inheritdoc IRollup
    function priorityChain(uint256 count) public view returns (uint256) {
        return count == 0 ? 0 : queue[count - 1].chain;
    }

    /// @inheritdoc IRollup
    function domain() public view returns (uint256) {
        return block.chainid + (uint256(uint160(address(this))) << 64);
    }

    // ---------------------------------------------------------------- batches

    /// @inheritdoc IRollup
    // Storage is written once, at the end.
    function submitBatches(uint256 batchSize, Batch[] calldata batches, uint256[8][] calldata proofs) external notFrozen {
        if (msg.sender != operator) revert Rollup__NotOperator();
        if (batches.length == 0) revert Rollup__NoBatches();
        if (proofs.length != batches.length) revert Rollup__ProofCount(proofs.length, batches.length);
        address verifier = verifiers[batchSize];
        if (verifier == address(0)) revert Rollup__NoVerifierFor(batchSize);

        (uint256[] memory inputs, uint256 consumed, uint256 creditBatches) = _verifiedInputs(verifier, batchSize, batches, proofs);

        uint256 n = PUBLIC_INPUTS_BEFORE_CHUNKS + batchSize;
        uint256 number = progress.batchNumber;
        for (uint256 b = 0; b < batches.length; b++) {
            if ((creditBatches >> (b < 255 ? b : 255)) & 1 != 0) _creditWithdrawals(inputs, PUBLIC_INPUTS_BEFORE_CHUNKS + b * n, batchSize);
            emit BatchVerified(++number);
        }
        root = batches[batches.length - 1].newRoot;
        progress.batchNumber = uint64(number);
        progress.consumedPriority = uint64(consumed);
        // Called by a contract (a multisig, a relayer; or an EOA with EIP-7702 code), the op bytes
        // are not in the transaction's own calldata: log them. A plain EOA pays ~110 gas for this.
        // tx.origin decides no authority here, only whether the calldata is the transaction's own.
        // solhint-disable-next-line avoid-tx-origin
        if (msg.sender != tx.origin || msg.sender.code.length != 0) emit BatchData(number - batches.length + 1, batchSize, batches);
    }

    /// The public inputs of all batches, once their proofs verify (else Rollup__InvalidProof), and
    /// the priority entries consumed after the last batch. The inputs are written straight into
    /// the verifier's calldata: nothing is copied per slot.
    function _verifiedInputs(address verifier, uint256 batchSize, Batch[] calldata batches, uint256[8][] calldata proofs)
        internal
        view
        returns (uint256[] memory inputs, uint256 consumed, uint256 creditBatches)
    {
        uint256 callStart;
        uint256 callLength;
        (callStart, callLength, inputs) = _newVerifierCall(proofs, batches.length * (PUBLIC_INPUTS_BEFORE_CHUNKS + batchSize));
        (consumed, creditBatches) = _publicInputs(batchSize, batches, inputs);
        if (!_verify(verifier, callStart, callLength)) revert Rollup__InvalidProof();
    }

    /// Lays out in fresh memory the calldata of verifyProofs(proofs, inputs), with the proofs
    /// copied in and `inputCount` zero inputs, and returns where it starts, its length, and the
    /// inputs array inside it (a noop slot's chunk is 0, so unfilled slots are already noops).
    function _newVerifierCall(uint256[8][] calldata proofs, uint256 inputCount) internal pure returns (uint256 callStart, uint256 callLength, uint256[] memory inputs) {
        bytes4 selector = IBatchVerifier.verifyProofs.selector;
        assembly ("memory-safe") {
            let k := proofs.length
            let base := mload(0x40)
            // The selector takes the last 4 bytes of the first word; the arguments then start
            // word-aligned: head (two offsets), proofs (length, 8 words each), inputs (length, words).
            mstore(base, shr(224, selector))
            mstore(add(base, 0x20), 0x40)
            mstore(add(base, 0x40), add(0x60, shl(8, k)))
            mstore(add(base, 0x60), k)
            calldatacopy(add(base, 0x80), proofs.offset, shl(8, k))
            inputs := add(add(base, 0x80), shl(8, k))
            mstore(inputs, inputCount)
            let end := add(add(inputs, 0x20), shl(5, inputCount))
            // Memory past the free pointer may hold scratch data: zero the inputs.
            calldatacopy(add(inputs, 0x20), calldatasize(), shl(5, inputCount))
            mstore(0x40, end)
            callStart := add(base, 28)
            callLength := sub(end, callStart)
        }
    }

    /// The public inputs of every batch (spec §6.1), each `PUBLIC_INPUTS_BEFORE_CHUNKS + batchSize` long, laid end to end
    /// in `inputs`, the priority entries consumed after the last batch, and which batches credit
    /// L1 (`_parse`). Roots and priority chains chain along.
    function _publicInputs(uint256 batchSize, Batch[] calldata batches, uint256[] memory inputs) internal view returns (uint256 consumed, uint256 creditBatches) {
        uint256 oldRoot = root;
        consumed = progress.consumedPriority;
        uint256 chain = priorityChain(consumed);
        for (uint256 b = 0; b < batches.length; b++) {
            Batch calldata batch = batches[b];
            uint256 at = _inputsOf(inputs, b, batchSize);
            // oldRoot, newRoot, chainBefore, chainAfter (below), domain, fee account (§6.1).
            assembly ("memory-safe") {
                mstore(at, oldRoot) // INPUT_OLD_ROOT is 0
                oldRoot := calldataload(batch)
                mstore(add(at, INPUT_NEW_ROOT), oldRoot)
                mstore(add(at, INPUT_CHAIN_BEFORE), chain)
                mstore(add(at, INPUT_DOMAIN), add(chainid(), shl(64, address()))) // domain()
                mstore(add(at, INPUT_FEE_ACCOUNT_INDEX), calldataload(add(batch, 0x20)))
            }
            uint256 priorityOps;
            (priorityOps, creditBatches) = _parse(b, batch.opBytes, batchSize, at + INPUT_CHUNKS, creditBatches);
            if (priorityOps > 0) {
                consumed += priorityOps;
                if (consumed > queue.length) revert Rollup__NotEnoughPriorityOps(consumed, queue.length);
                chain = priorityChain(consumed);
            }
            at = _inputsOf(inputs, b, batchSize);
            assembly ("memory-safe") {
                mstore(add(at, INPUT_CHAIN_AFTER), chain)
            }
        }
    }

    /// The memory address of batch `b`'s first input: word b * (PUBLIC_INPUTS_BEFORE_CHUNKS +
    /// batchSize) of `inputs`,
    /// which holds every batch's.
    function _inputsOf(uint256[] memory inputs, uint256 b, uint256 batchSize) internal pure returns (uint256 at) {
        assembly ("memory-safe") {
            at := add(add(inputs, 0x20), shl(5, mul(b, add(PUBLIC_INPUTS_BEFORE_CHUNKS, batchSize))))
        }
    }

    /// Splits batch `batch`'s op bytes into chunks (op bytes right-padded to 31 bytes, spec §3),
    /// written to the `batchSize` words from memory address `out`, which the caller allocated and
    /// zeroed (noops); counts its priority ops, and sets bit min(batch, 255) of `creditBatches`
    /// if an op credits L1 (so that batches of transfers skip the credit pass; batches from the
    /// 256th on share the last bit). One assembly pass: this runs once per slot of every batch,
    /// so it is kept to a few dozen gas.
    function _parse(uint256 batch, bytes calldata opBytes, uint256 batchSize, uint256 out, uint256 creditBatches)
        internal
        pure
        returns (uint256 priorityOps, uint256 creditBatchesAfter)
    {
        uint256 failure; // 0 none, else the error below
        uint256 position;
        uint256 opType;
        assembly ("memory-safe") {
            let p := opBytes.offset
            let end := add(p, opBytes.length)
            let outEnd := add(out, shl(5, batchSize))
            let bits
            let types // bit `type` set for every type seen
            for {} and(lt(p, end), lt(out, outEnd)) {} {
                let word := calldataload(p)
                opType := shr(248, word)
                // Types above 4 shift the table out entirely (a shift >= 256 gives 0).
                bits := and(shr(shl(3, opType), OP_BITS), 0xff)
                if iszero(bits) {
                    failure := 2
                    break
                }
                // Keep the op's bits, then drop the 32nd byte: a 31-byte big-endian chunk.
                let drop := sub(256, bits)
                mstore(out, shr(CHUNK_PAD_BITS, shl(drop, shr(drop, word))))
                priorityOps := add(priorityOps, and(shr(opType, PRIORITY_TYPES), 1))
                types := or(types, shl(opType, 1))
                out := add(out, 0x20)
                p := add(p, shr(3, bits))
            }
            // Bytes left after `batchSize` ops are one op too many (an unknown type stops earlier).
            if and(iszero(failure), lt(p, end)) {
                failure := 1
            }
            // Only the last op can end past the op bytes (the loop stops after it): it is truncated.
            if gt(p, end) {
                failure := 3
                p := sub(p, shr(3, bits))
            }
            position := sub(p, opBytes.offset)
            let bit := batch
            if gt(bit, 255) {
                bit := 255
            }
            creditBatchesAfter := or(creditBatches, shl(bit, iszero(iszero(and(types, CREDIT_TYPES)))))
        }
        if (failure == 1) revert Rollup__TooManyOps(batch, batchSize);
        if (failure == 2) revert Rollup__UnknownOpType(batch, position, uint8(opType));
        if (failure == 3) revert Rollup__TruncatedOp(batch, position);
    }

    /// True only if the verifier returned true: a revert (malformed input, e.g. a value not
    /// below the field modulus) or running out of gas counts as an invalid proof.
    function _verify(address verifier, uint256 callStart, uint256 callLength) internal view returns (bool ok) {
        assembly ("memory-safe") {
            ok := staticcall(gas(), verifier, callStart, callLength, 0, 0x20)
            ok := and(ok, and(eq(returndatasize(), 0x20), eq(mload(0), 1)))
        }
    }

    /// Credits the withdrawals and forced exits among the `count` chunks at inputs[at..].
    function _creditWithdrawals(uint256[] memory inputs, uint256 at, uint256 count) internal {
        uint256 end = at + count;
        for (uint256 i = _nextCredit(inputs, at, end); i < end; i = _nextCredit(inputs, i + 1, end)) {
            uint256 chunk = inputs[i];
            if (chunk >> CHUNK_TYPE_SHIFT == OP_WITHDRAW) {
                (uint256 from, uint256 amount, address to) = _withdrawFields(chunk);
                _credit(to, accounts[from].tokenId, amount);
            } else {
                uint256 index = (chunk >> 216) & 0xffffff;
                uint256 amount = (chunk >> 88) & type(uint128).max;
                AccountRecord memory account = accounts[index];
                _credit(account.owner, account.tokenId, amount);
            }
        }
    }

    /// A withdraw chunk's account, amount and L1 address (spec §3: type, from (3 bytes), amount
    /// (float40: 35-bit mantissa, 5-bit exponent of 10), fee (2 bytes), address (20 bytes), in a
    /// 31-byte word). In assembly, as checked `10 ** e` costs a loop: the amount is below
    /// 2^35 · 10^31 < 2^139 and cannot overflow.
    function _withdrawFields(uint256 chunk) internal pure returns (uint256 from, uint256 amount, address to) {
        assembly ("memory-safe") {
            from := and(shr(216, chunk), 0xffffff)
            let packed := and(shr(176, chunk), 0xffffffffff)
            amount := mul(and(packed, 0x7ffffffff), exp(10, shr(35, packed)))
            to := and(chunk, 0xffffffffffffffffffffffffffffffffffffffff)
        }
    }

    /// The index of the first withdraw or forcedExit chunk in inputs[from..end), or `end`. Most
    /// slots credit nothing, so the scan costs a few gas per slot.
    function _nextCredit(uint256[] memory inputs, uint256 from, uint256 end) internal pure returns (uint256 i) {
        assembly ("memory-safe") {
            let words := add(inputs, 0x20)
            for { i := from } lt(i, end) { i := add(i, 1) } {
                // type - 3 < 2: withdraw (3) or forcedExit (4, the next code); smaller types wrap around.
                if lt(sub(shr(CHUNK_TYPE_SHIFT, mload(add(words, shl(5, i)))), OP_WITHDRAW), 2) {
                    break
                }
            }
        }
    }

    function _credit(address to, uint32 tokenId, uint256 amount) internal {
        if (amount == 0) return;
        pendingWithdrawals[to][tokenId] += amount;
        emit WithdrawalCredited(to, tokenId, amount);
    }

    // ---------------------------------------------------------------- L2 -> L1

    /// @inheritdoc IRollup
    function withdraw(uint32 tokenId) external nonReentrant {
        uint256 amount = pendingWithdrawals[msg.sender][tokenId];
        if (amount == 0) revert Rollup__NothingToWithdraw();
        pendingWithdrawals[msg.sender][tokenId] = 0;
        emit Withdrawn(msg.sender, tokenId, amount);
        _send(tokenId, msg.sender, amount);
    }

    // ---------------------------------------------------------------- escape hatch

    /// @inheritdoc IRollup
    function freeze() external notFrozen {
        uint256 oldest = progress.consumedPriority;
        if (oldest >= queue.length || queue[oldest].deadline >= block.timestamp) revert Rollup__NoDeadlinePassed();
        progress.frozen = true;
        emit Frozen(oldest);
    }

    /// @inheritdoc IRollup
    function escape(uint256 accountIndex, uint256 ax, uint256 ay, uint32 tokenId, uint128 balance, uint32 nonce, uint256[3][] calldata siblings)
        external
    {
        if (!progress.frozen) revert Rollup__NotFrozen();
        AccountRecord memory account = accounts[accountIndex];
        if (account.owner != msg.sender) revert Rollup__NotOwner(accountIndex);
        if (exited[accountIndex]) revert Rollup__AlreadyExited(accountIndex);
        if (siblings.length != levels || tokenId != account.tokenId) revert Rollup__BadMerkleProof();
        uint256 node = poseidon5.poseidon([ax, ay, uint256(tokenId), uint256(balance), uint256(nonce)]);
        uint256 position = accountIndex;
        for (uint256 level = 0; level < siblings.length; level++) {
            uint256[4] memory children;
            uint256 digit = position % 4;
            uint256 s = 0;
            for (uint256 j = 0; j < 4; j++) children[j] = j == digit ? node : siblings[level][s++];
            node = poseidon4.poseidon(children);
            position /= 4;
        }
        if (node != root) revert Rollup__BadMerkleProof();
        exited[accountIndex] = true;
        emit Escaped(accountIndex, msg.sender, tokenId, balance);
        _credit(msg.sender, tokenId, balance);
    }

    /// @inheritdoc IRollup
    function reclaimDeposit(uint256 queueIndex) external {
        if (!progress.frozen) revert Rollup__NotFrozen();
        if (queueIndex < progress.consumedPriority || queueIndex >= queue.length || reclaimed[queueIndex]) revert Rollup__NotReclaimable(queueIndex);
        PriorityEntry storage entry = queue[queueIndex];
        if (!entry.isDeposit) revert Rollup__NotReclaimable(queueIndex);
        reclaimed[queueIndex] = true;
        emit DepositReclaimed(queueIndex, entry.depositor, entry.amount);
        _credit(entry.depositor, entry.tokenId, entry.amount);
    }

    // ---------------------------------------------------------------- internals

    function _enqueue(uint8 opType, uint256 accountIndex, uint32 tokenId, uint128 amount, uint256 ax, uint256 ay) internal {
        uint256 packed = uint256(opType) + (accountIndex << 8) + (uint256(tokenId) << 32) + (uint256(amount) << 64);
        uint256 chain = poseidon4.poseidon([priorityChain(queue.length), packed, ax, ay]);
        uint256 queueIndex = queue.length;
        // priorityDeadline <= 30 days (constructor): the sum fits 64 bits for the next 5 * 10^11 years.
        queue.push(PriorityEntry(chain, uint64(block.timestamp + priorityDeadline), opType == OP_DEPOSIT, msg.sender, tokenId, amount));
        if (opType == OP_DEPOSIT) emit DepositQueued(queueIndex, accountIndex, tokenId, amount, ax, ay, msg.sender);
        else emit ForcedExitQueued(queueIndex, accountIndex, tokenId);
    }

    /// Takes `amount` of a token in; ERC-20s credit what actually arrived (fee-on-transfer safe),
    /// which must reach the token's minimum: every queued entry costs the operator a batch slot.
    /// L2 operations conserve each token's total, so capping a token's lifetime deposits below
    /// 2^128 keeps every L2 balance below 2^128: no queued deposit can make a batch unprovable.
    function _receive(uint32 tokenId, uint128 amount) internal nonReentrant returns (uint128) {
        if (tokenId >= tokens.length) revert Rollup__UnknownToken(tokenId);
        uint256 received = tokenId == 0 ? _receiveEth(amount) : _receiveToken(tokens[tokenId], amount);
        if (received < minDeposit[tokenId]) revert Rollup__BelowMinimumDeposit(tokenId, received, minDeposit[tokenId]);
        uint256 total = tokenDeposited[tokenId] + received;
        if (total > type(uint128).max) revert Rollup__DepositCap(tokenId);
        tokenDeposited[tokenId] = total;
        return uint128(received);
    }

    function _receiveEth(uint128 amount) internal view returns (uint256) {
        if (msg.value != amount) revert Rollup__BadAmount();
        return amount;
    }

    function _receiveToken(address token, uint128 amount) internal returns (uint256) {
        if (msg.value != 0) revert Rollup__BadAmount();
        uint256 before = IERC20(token).balanceOf(address(this));
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory data) = token.call(abi.encodeCall(IERC20.transferFrom, (msg.sender, address(this), amount)));
        if (!ok || (data.length > 0 && !abi.decode(data, (bool)))) revert Rollup__TransferFailed();
        return IERC20(token).balanceOf(address(this)) - before;
    }

    function _send(uint32 tokenId, address to, uint256 amount) internal {
        bool ok;
        bytes memory data;
        // solhint-disable avoid-low-level-calls
        if (tokenId == 0) (ok, data) = to.call{value: amount}("");
        else (ok, data) = tokens[tokenId].call(abi.encodeCall(IERC20.transfer, (to, amount)));
        // solhint-enable avoid-low-level-calls
        if (!ok || (tokenId != 0 && data.length > 0 && !abi.decode(data, (bool)))) revert Rollup__TransferFailed();
    }
}
