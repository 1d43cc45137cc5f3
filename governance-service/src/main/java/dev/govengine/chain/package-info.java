/**
 * The service's access to EVM nodes over JSON-RPC, and nothing of what the contracts mean.
 *
 * <p>Depends on {@code config} (the configured chains) and {@code types}. Every module that reads a chain goes through
 * here, so timeouts, retries and the adaptive log range are decided in one place.
 *
 * <ul>
 * <li>{@link ChainClients}: one Web3j per configured chain over OkHttp, with a call timeout; {@code serve} may
 *     connect them before the service starts, their chain id asked beside Quarkus's boot. Answers are parsed from
 *     the response's stream ({@link StreamingHttpService}), not read whole first.</li>
 * <li>{@link ChainReader}: blocking reads for worker threads (head, chain id, batched headers, eth_getLogs, batched
 *     eth_call), with bounded retries, exponential backoff and jitter from SmallRye Fault Tolerance: one
 *     {@code @Retry} on the class, which names the failures worth retrying, and its numbers in one block of
 *     {@code application.properties}, the specification's global {@code Retry/*} keys, which a test profile
 *     overrides.</li>
 * <li>{@link LogRangeFetcher}: the adaptive eth_getLogs range (docs/ARCHITECTURE.md, "The indexer").</li>
 * <li>{@link ChainHeads}: head and chain id as {@code Uni}s, for health and the API, and whether a block the index
 *     holds is still on the chain.</li>
 * <li>{@link NewHeads}: {@code eth_subscribe} newHeads over a WebSocket per chain with a {@code ws-url}, reconnected
 *     with backoff; it only tells its follower that the head moved.</li>
 * <li>{@link ChainDefaults} (confirmations by chain) and {@link RpcReadinessCheck} (ready while one chain the
 *     governors are on answers with its configured chain id).</li>
 * <li>{@link ChainLog}, {@link BlockHeader} and {@link ContractCall}: what a node returns and is asked, kept as hex
 *     until a decoder claims it; {@link EventLogs} decodes rare events through web3j's ABI decoder. Failures:
 *     {@link RpcException}, {@link RangeTooLargeException}, {@link StateUnavailableException} (a node that pruned the
 *     block's state), {@link UndecodableLogException}.</li>
 * </ul>
 */
package dev.govengine.chain;
