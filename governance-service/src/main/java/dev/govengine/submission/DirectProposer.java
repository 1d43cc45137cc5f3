package dev.govengine.submission;

import dev.govengine.governance.ProposalState;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Sends one Governor proposal from the command line, without the service's database. The write-ahead table is not
 * needed here because the proposal itself is the record: its id is known before sending, an existing proposal is
 * found by {@code proposalSnapshot(id)} and reported instead of proposed again, and the Governor refuses a second
 * proposal with the same content. So a command interrupted after the broadcast is simply run again. Fees follow the
 * same {@link FeePolicy} and cap as the service's transactions; there is no replacement: an operator waits or
 * re-runs.
 */
public final class DirectProposer {
    /** The proposal's id; {@code existed} if it was on chain already (nothing sent), then {@code state} says where it is. */
    public record Result(BigInteger proposalId, boolean existed, ProposalState state, String txHash, Long blockNumber) {
    }

    private final NodeClient node;
    private final Credentials signer;
    private final SubmissionSettings settings;

    public DirectProposer(Web3j web3j, Credentials signer, SubmissionSettings settings) {
        this.node = new NodeClient(web3j, RevertDecoder.known());
        this.signer = signer;
        this.settings = settings;
    }

    public ChecksumAddress sender() {
        return ChecksumAddress.of(signer.getAddress());
    }

    /**
     * Proposes and waits for the receipt and the configured confirmations, up to {@code timeout}. Throws
     * {@link SimulationRevertedException} with the Governor's decoded reason (such as
     * {@code GovernorInsufficientProposerVotes}) before signing anything, {@link FeeCapExceededException} if the next
     * block needs more than gov.submission.max-fee-per-gas, and {@link IllegalStateException} if the transaction
     * reverts or is not mined in time.
     */
    public Result propose(GovernorProposal proposal, Duration timeout) {
        BigInteger id = proposal.id();
        String governor = proposal.governor().toString();
        if (Numeric.toBigInt(node.call(governor, GovernorProposal.snapshotCall(id))).signum() != 0) {
            ProposalState state = ProposalState.values()[Numeric.toBigInt(node.call(governor, GovernorProposal.stateCall(id)))
                    .intValueExact()];
            return new Result(id, true, state, null, null);
        }
        String from = sender().toString();
        String data = proposal.proposeCalldata().toLowerCase(Locale.ROOT);
        BigInteger gasLimit = node.estimateGas("propose on Governor " + governor, from, governor, data)
                .multiply(BigInteger.valueOf(100L + settings.gasLimitMarginPercent())).divide(BigInteger.valueOf(100));
        FeePolicy.Market market = node.market(settings.fees());
        Fees fees = settings.fees().initial(market).orElseThrow(() -> new FeeCapExceededException("propose",
                market.pendingBaseFee().add(market.priorityFee()), settings.fees().maxFeePerGas(), Duration.ZERO));
        BigInteger nonce = node.nonce(from, DefaultBlockParameterName.PENDING);
        String raw = Numeric.toHexString(TransactionEncoder.signMessage(RawTransaction.createTransaction(settings.chainId(),
                nonce, gasLimit, governor, BigInteger.ZERO, data, fees.maxPriorityFeePerGas(), fees.maxFeePerGas()), signer));
        String hash = org.web3j.crypto.Hash.sha3(raw);
        NodeClient.Broadcast sent = node.broadcast(raw);
        if (sent.result() != NodeClient.BroadcastResult.ACCEPTED && sent.result() != NodeClient.BroadcastResult.ALREADY_KNOWN) {
            throw new BroadcastRejectedException("propose", hash, sent.message());
        }
        TransactionReceipt receipt = awaitReceipt(hash, timeout);
        long block = receipt.getBlockNumber().longValueExact();
        if (!receipt.isStatusOK()) {
            String reason = node.revertReason(from, governor, data, gasLimit, block).orElse("no reason on replay");
            throw new IllegalStateException("propose reverted in " + hash + " (block " + block + "): " + reason);
        }
        GovernanceSubmission.checkCreated(receipt, id);
        return new Result(id, false, ProposalState.PENDING, hash, block);
    }

    private TransactionReceipt awaitReceipt(String hash, Duration timeout) {
        Instant giveUp = Instant.now().plus(timeout);
        while (true) {
            Optional<TransactionReceipt> receipt = node.receipt(hash);
            if (receipt.isPresent() && node.head() - receipt.get().getBlockNumber().longValueExact() >= settings.confirmations()) {
                return receipt.get();
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("propose " + hash + " was not " + (receipt.isPresent() ? "confirmed" : "mined")
                        + " within " + timeout + "; it may still be: run the command again, which finds the proposal by its id");
            }
            try {
                Thread.sleep(settings.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + hash);
            }
        }
    }
}
