package dev.govengine.chain;

import dev.govengine.types.ChecksumAddress;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthChainId;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.exceptions.ClientConnectionException;

/**
 * Blocking reads from a chain's node, for the sync pipeline's worker thread. Every read shares one retry policy:
 * transient failures (I/O errors, Web3j's {@link ClientConnectionException} for HTTP errors such as 503, and
 * JSON-RPC errors) are retried with exponential backoff and jitter, a bounded number of times. How many times and how
 * far apart is configuration, in one place: the {@code Retry/*} and {@code ExponentialBackoff/*} keys of
 * {@code application.properties}. Two answers are final and not retried: a range the node refuses as too large,
 * because only a narrower range can succeed (see {@code LogRangeFetcher}), and state the node no longer holds.
 */
@ApplicationScoped
@Retry(retryOn = {IOException.class, UncheckedIOException.class, ClientConnectionException.class, RpcException.class},
        abortOn = {RangeTooLargeException.class, StateUnavailableException.class})
@ExponentialBackoff
public class ChainReader {
    private static final Pattern RANGE_REFUSAL = Pattern.compile(
            "(?i).*(range|too many|more than \\d+ results|limit exceeded|response size|block range|query timeout|exceed).*");

    private final ChainClients clients;

    @Inject
    public ChainReader(ChainClients clients) {
        this.clients = clients;
    }

    public long headBlock(String chain) {
        return check(chain, "eth_blockNumber", send(client(chain).ethBlockNumber())).getBlockNumber().longValueExact();
    }

    /** The node's chain id; the first call may take the answer to the one asked before the service started. */
    public long chainId(String chain) {
        EthChainId answer = clients.earlyChainId(chain).map(CompletableFuture::join)
                .orElseGet(() -> send(client(chain).ethChainId()));
        return check(chain, "eth_chainId", answer).getChainId().longValueExact();
    }

    /** Headers of the given blocks, fetched in one JSON-RPC batch, in the order asked. */
    public List<BlockHeader> headers(String chain, Collection<Long> numbers) {
        if (numbers.isEmpty()) {
            return List.of();
        }
        Web3j web3j = client(chain);
        BatchRequest batch = web3j.newBatch();
        for (long number : numbers) {
            batch.add(web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false));
        }
        BatchResponse response;
        try {
            response = batch.send();
        } catch (IOException e) {
            throw new UncheckedIOException(chain + ": eth_getBlockByNumber batch failed: " + e.getMessage(), e);
        }
        List<BlockHeader> headers = new ArrayList<>(numbers.size());
        for (Response<?> each : response.getResponses()) {
            EthBlock block = (EthBlock) check(chain, "eth_getBlockByNumber", each);
            if (block.getBlock() == null) {
                throw new RpcException(chain, "eth_getBlockByNumber", "block not available yet");
            }
            EthBlock.Block b = block.getBlock();
            headers.add(new BlockHeader(b.getNumber().longValueExact(), b.getHash().toLowerCase(Locale.ROOT),
                    b.getParentHash().toLowerCase(Locale.ROOT), b.getTimestamp().longValueExact()));
        }
        return headers;
    }

    /** Logs of the given contracts and event topics in [from, to]; throws {@link RangeTooLargeException} on a refusal. */
    public List<ChainLog> logs(String chain, long from, long to, List<ChecksumAddress> addresses, List<String> topic0s) {
        EthFilter filter = new EthFilter(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
                addresses.stream().map(ChecksumAddress::lowerCase).toList());
        filter.addOptionalTopics(topic0s.toArray(String[]::new));
        EthLog response = send(client(chain).ethGetLogs(filter));
        if (response.hasError()) {
            String message = response.getError().getMessage();
            if (RANGE_REFUSAL.matcher(message).matches()) {
                throw new RangeTooLargeException(chain, message);
            }
            throw new RpcException(chain, "eth_getLogs", message);
        }
        List<ChainLog> logs = new ArrayList<>(response.getLogs().size());
        for (EthLog.LogResult<?> result : response.getLogs()) {
            Log log = (Log) result.get();
            if (Boolean.TRUE.equals(log.isRemoved())) {
                continue;
            }
            logs.add(new ChainLog(ChecksumAddress.of(log.getAddress()), log.getTopics(), log.getData(),
                    quantity(log.getBlockNumberRaw()), log.getBlockHash().toLowerCase(Locale.ROOT),
                    log.getTransactionHash(), Math.toIntExact(quantity(log.getLogIndexRaw()))));
        }
        return logs;
    }

    /**
     * An eth_call at the latest block. Returns null when the call reverts or the address has no code: discovery
     * uses that to tell which optional interfaces a Governor implements.
     */
    public String call(String chain, ChecksumAddress to, String encodedFunction) {
        EthCall response = send(client(chain).ethCall(
                Transaction.createEthCallTransaction(null, to.lowerCase(), encodedFunction), DefaultBlockParameterName.LATEST));
        if (response.hasError() || response.isReverted() || response.getValue() == null || response.getValue().equals("0x")) {
            return null;
        }
        return response.getValue();
    }

    /** JSON-RPC requests per batch: far below what providers cap a batch at, large enough for hundreds of proposals. */
    private static final int CALLS_PER_BATCH = 500;

    /**
     * eth_calls at one block, in JSON-RPC batches, answered in the order asked: the returned data, or null when the
     * call reverts or returns nothing (a function the contract lacks, or a question it refuses at that block).
     *
     * @throws StateUnavailableException when the node cannot answer at that block at all (pruned state)
     */
    public List<String> callsAt(String chain, long block, List<ContractCall> calls) {
        List<Long> blocks = Collections.nCopies(calls.size(), block);
        return calls(chain, calls, blocks);
    }

    /**
     * One eth_call at each of {@code blocks}, in JSON-RPC batches, answered by block as {@link #callsAt} answers.
     *
     * @throws StateUnavailableException when the node cannot answer at one of the blocks
     */
    public Map<Long, String> callAtEach(String chain, ContractCall call, Collection<Long> blocks) {
        List<Long> asked = List.copyOf(blocks);
        List<String> answers = calls(chain, Collections.nCopies(asked.size(), call), asked);
        Map<Long, String> byBlock = new HashMap<>();
        for (int i = 0; i < asked.size(); i++) {
            byBlock.put(asked.get(i), answers.get(i));
        }
        return byBlock;
    }

    /** {@code calls.get(i)} at {@code blocks.get(i)}, in batches of {@link #CALLS_PER_BATCH}, answered in order. */
    private List<String> calls(String chain, List<ContractCall> calls, List<Long> blocks) {
        Web3j web3j = client(chain);
        List<String> answers = new ArrayList<>(calls.size());
        for (int start = 0; start < calls.size(); start += CALLS_PER_BATCH) {
            int end = Math.min(calls.size(), start + CALLS_PER_BATCH);
            BatchRequest batch = web3j.newBatch();
            for (int i = start; i < end; i++) {
                ContractCall call = calls.get(i);
                batch.add(web3j.ethCall(Transaction.createEthCallTransaction(null, call.to().lowerCase(), call.data()),
                        DefaultBlockParameter.valueOf(BigInteger.valueOf(blocks.get(i)))));
            }
            BatchResponse response;
            try {
                response = batch.send();
            } catch (IOException e) {
                throw new UncheckedIOException(chain + ": eth_call batch failed: " + e.getMessage(), e);
            }
            for (int i = start; i < end; i++) {
                answers.add(answer(chain, blocks.get(i), (EthCall) response.getResponses().get(i - start)));
            }
        }
        return answers;
    }

    private static String answer(String chain, long block, EthCall response) {
        if (response.hasError()) {
            Response.Error error = response.getError();
            String message = error.getMessage() == null ? "" : error.getMessage();
            if (error.getCode() == 3 || message.toLowerCase(Locale.ROOT).contains("revert")) {
                return null;
            }
            throw new StateUnavailableException(chain, block, message);
        }
        String value = response.getValue();
        return value == null || value.equals("0x") ? null : value;
    }

    /**
     * A hex quantity such as "0x1a". Web3j's own getters validate each one with a regular expression and go through
     * BigInteger, which showed in the backfill benchmark's profile at two quantities per log.
     */
    private static long quantity(String raw) {
        if (raw == null || raw.length() < 3 || !raw.startsWith("0x")) {
            throw new IllegalArgumentException("not a hex quantity: " + raw);
        }
        return Long.parseUnsignedLong(raw, 2, raw.length(), 16);
    }

    private Web3j client(String chain) {
        return clients.client(chain);
    }

    private static <T extends Response<?>> T send(org.web3j.protocol.core.Request<?, T> request) {
        try {
            return request.send();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static <T extends Response<?>> T check(String chain, String method, T response) {
        if (response.hasError()) {
            throw new RpcException(chain, method, response.getError().getMessage());
        }
        return response;
    }
}
