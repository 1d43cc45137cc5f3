package dev.govengine.submission;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthFeeHistory;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The JSON-RPC calls of a submission, each sent once. An unreachable node surfaces as {@link UncheckedIOException}
 * (or Web3j's ClientConnectionException for HTTP errors), a read the node answers with an error as
 * {@link NodeErrorException}: both transient, for the caller to retry or poll again. A broadcast's answer is
 * classified instead, because "already known" or "nonce too low" mean something for the transaction's fate.
 */
final class NodeClient {
    private static final Pattern HEX_DATA = Pattern.compile("0x[0-9a-fA-F]*");

    /** UNDERPRICED: refused for its fees (a replacement too small a bump, or a max fee under the base fee). */
    enum BroadcastResult { ACCEPTED, ALREADY_KNOWN, NONCE_USED, UNDERPRICED, REFUSED }

    record Broadcast(BroadcastResult result, String message) {
    }

    private final Web3j web3j;
    private final RevertDecoder reverts;

    NodeClient(Web3j web3j, RevertDecoder reverts) {
        this.web3j = web3j;
        this.reverts = reverts;
    }

    BigInteger nonce(String address, DefaultBlockParameterName block) {
        return read("eth_getTransactionCount", web3j.ethGetTransactionCount(address, block)).getTransactionCount();
    }

    long head() {
        return read("eth_blockNumber", web3j.ethBlockNumber()).getBlockNumber().longValueExact();
    }

    /** The latest block's timestamp: a timelock operation whose eta is at most this can execute in the next block. */
    long latestTimestamp() {
        return read("eth_getBlockByNumber", web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false))
                .getBlock().getTimestamp().longValueExact();
    }

    FeePolicy.Market market(FeePolicy policy) {
        EthFeeHistory.FeeHistory history = read("eth_feeHistory", web3j.ethFeeHistory(policy.historyBlocks(),
                DefaultBlockParameterName.LATEST, List.of((double) policy.priorityFeePercentile()))).getFeeHistory();
        List<BigInteger> baseFees = history.getBaseFeePerGas();
        if (baseFees == null || baseFees.isEmpty()) {
            throw new NodeErrorException("eth_feeHistory", "no base fees: the chain does not support EIP-1559");
        }
        List<BigInteger> rewards = new ArrayList<>();
        if (history.getReward() != null) {
            history.getReward().stream().filter(block -> !block.isEmpty()).forEach(block -> rewards.add(block.get(0)));
        }
        return policy.market(baseFees.get(baseFees.size() - 1), rewards);
    }

    /** eth_estimateGas; a revert is decoded and thrown as {@link SimulationRevertedException}. */
    BigInteger estimateGas(String what, String from, String to, String data) {
        EthEstimateGas response = send(web3j.ethEstimateGas(Transaction.createFunctionCallTransaction(
                from, null, null, null, to, BigInteger.ZERO, data)));
        if (response.hasError()) {
            Response.Error error = response.getError();
            if (error.getMessage() != null && error.getMessage().toLowerCase(Locale.ROOT).contains("revert")) {
                throw new SimulationRevertedException(what, reason(error));
            }
            throw new NodeErrorException("eth_estimateGas", error.getMessage());
        }
        return response.getAmountUsed();
    }

    /**
     * Replays a mined transaction with eth_call at a block, to recover the revert data that receipts do not carry.
     * Empty if the replay does not revert.
     */
    Optional<String> revertReason(String from, String to, String data, BigInteger gas, long block) {
        EthCall response = send(web3j.ethCall(Transaction.createFunctionCallTransaction(from, null, null, gas, to,
                BigInteger.ZERO, data), DefaultBlockParameter.valueOf(BigInteger.valueOf(block))));
        if (response.hasError()) {
            String message = response.getError().getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("revert")) {
                return Optional.of(reason(response.getError()));
            }
            throw new NodeErrorException("eth_call", message);
        }
        return Optional.empty();
    }

    /** eth_call at the latest block, for a view; a revert is an error here. */
    String call(String to, String data) {
        EthCall response = read("eth_call", web3j.ethCall(
                Transaction.createEthCallTransaction(null, to, data), DefaultBlockParameterName.LATEST));
        if (response.isReverted()) {
            throw new NodeErrorException("eth_call", "reverted: " + response.getRevertReason());
        }
        return response.getValue();
    }

    List<Log> logs(EthFilter filter) {
        List<Log> logs = new ArrayList<>();
        for (EthLog.LogResult<?> result : read("eth_getLogs", web3j.ethGetLogs(filter)).getLogs()) {
            Log log = (Log) result.get();
            if (!Boolean.TRUE.equals(log.isRemoved())) {
                logs.add(log);
            }
        }
        return logs;
    }

    Broadcast broadcast(String rawTx) {
        EthSendTransaction response = send(web3j.ethSendRawTransaction(rawTx));
        if (!response.hasError()) {
            return new Broadcast(BroadcastResult.ACCEPTED, null);
        }
        String message = response.getError().getMessage();
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (lower.contains("already known") || lower.contains("known transaction") || lower.contains("already imported")
                || lower.contains("already exists") || lower.contains("already in")) {
            return new Broadcast(BroadcastResult.ALREADY_KNOWN, message);
        }
        if (lower.contains("nonce too low") || lower.contains("nonce has already been used")) {
            return new Broadcast(BroadcastResult.NONCE_USED, message);
        }
        if (lower.contains("underpriced") || lower.contains("less than block base fee") || lower.contains("fee cap")
                || lower.contains("feecap")) {
            return new Broadcast(BroadcastResult.UNDERPRICED, message);
        }
        return new Broadcast(BroadcastResult.REFUSED, message);
    }

    Optional<TransactionReceipt> receipt(String txHash) {
        return read("eth_getTransactionReceipt", web3j.ethGetTransactionReceipt(txHash)).getTransactionReceipt();
    }

    /** Whether the node knows the transaction at all (in its pool or in a block). */
    boolean known(String txHash) {
        return read("eth_getTransactionByHash", web3j.ethGetTransactionByHash(txHash)).getTransaction().isPresent();
    }

    private String reason(Response.Error error) {
        String data = error.getData();
        if (data != null) {
            Matcher hex = HEX_DATA.matcher(data);
            if (hex.find()) {
                return reverts.decode(hex.group());
            }
        }
        return error.getMessage();
    }

    private static <T extends Response<?>> T read(String method, Request<?, T> request) {
        T response = send(request);
        if (response.hasError()) {
            throw new NodeErrorException(method, response.getError().getMessage());
        }
        return response;
    }

    private static <T extends Response<?>> T send(Request<?, T> request) {
        try {
            return request.send();
        } catch (IOException e) {
            throw new UncheckedIOException(request.getMethod() + ": " + e.getMessage(), e);
        }
    }
}
