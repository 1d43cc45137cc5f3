package dev.govengine.config;

import dev.govengine.types.ChecksumAddress;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Everything an operator configures, under the single prefix {@code gov.}; validated when the service starts. */
@ConfigMapping(prefix = "gov")
public interface EngineConfig {

    /** The chains the engine reads, by a name of the operator's choosing. */
    Map<String, Chain> chains();

    /** The Governor contracts to index, by a name of the operator's choosing. */
    Map<String, Governor> governors();

    Database database();

    /**
     * The address the public reaches this service at, such as {@code https://<host>}:
     * the posted {@code dataUri} of each root is {@code <public-url>/epochs/<epoch>/inputs#keccak256=0x…}. Unset: the
     * dataUri is {@code gov.rewards.epochs.data-uri} with the same {@code #keccak256=} suffix, and verifiers must be
     * told where the document is.
     */
    Optional<@Pattern(regexp = "https?://[^#?\\s]+", message = "must be an http(s) URL without query or fragment") String> publicUrl();

    Rewards rewards();

    /** What the reward engine reads besides the deployment's contracts. */
    interface Rewards {
        /**
         * Rollup contribution kinds by name (the name RewardPolicy weighs, by its keccak256). Empty, or only kinds
         * without an event: the three kinds of the deployment's RollupContributions (sequencer, prover, challenger).
         */
        Map<String, RollupKind> rollup();

        /** One kind: which event of which contract counts, who earns it, and how much. */
        interface RollupKind {
            /** The contract emitting the event, on the deployment's chain; default: the deployment's RollupContributions. */
            Optional<ChecksumAddress> contract();

            /**
             * The event as declared in Solidity, with indexed marks and parameter names; absent only for the default
             * kinds (sequencer, prover, challenger), which keep their default event.
             */
            Optional<String> event();

            /** The address parameter naming the contributor; required with an event. */
            Optional<String> contributor();

            /**
             * The operator vouches that only trusted parties can make the contract emit this event. Outside a devnet
             * chain, the engine refuses to pay for events anyone can emit without it.
             */
            @WithDefault("false")
            boolean trustedEmitter();

            /** A uint parameter giving the contribution's amount; without it each event counts 1. */
            Optional<String> amount();

            /** {@code parameter=value}: only events where the parameter has that value count. */
            Optional<String> when();
        }

        Epochs epochs();

        /** The epoch lifecycle (docs/ARCHITECTURE.md, "The epoch lifecycle"). */
        interface Epochs {
            /**
             * How often the lifecycle takes ended epochs a step further (close, compute, submit, watch); {@code off}
             * leaves it to operators (gov.operator.*) or another replica.
             */
            @WithDefault("10s")
            String tickInterval();

            /**
             * The {@code dataUri} posted with each root while {@code gov.public-url} is unset; {@code {epoch}} is
             * replaced by the epoch number, and {@code #keccak256=0x…} (the inputs document's hash) is appended.
             */
            @WithDefault("epoch:{epoch}")
            String dataUri();
        }
    }

    /** The operator endpoints (POST /operator/epochs/{epoch}/{step}); off unless a token is configured. */
    Operator operator();

    interface Operator {
        /**
         * A file whose content (without a trailing newline) is the bearer token operator requests must carry; at
         * least 32 characters. Without it the operator endpoints answer 404.
         */
        Optional<String> tokenFile();
    }

    /** Signed event deliveries to the endpoints operators register (docs/ARCHITECTURE.md, "Webhooks"). */
    Webhooks webhooks();

    interface Webhooks {
        /**
         * How often each replica looks for due deliveries; {@code off} stops delivery on this replica. One on a
         * read-only standby takes none in any case.
         */
        @WithDefault("1s")
        String pollInterval();

        /** The bound of one delivery: connecting, sending and the receiver's answer. */
        @WithDefault("PT10S")
        Duration timeout();

        /** Attempts before a delivery is DEAD. */
        @WithDefault("12")
        @Min(1)
        int maxAttempts();

        /** A delivery still failing this long after its event is DEAD, whatever its attempts. */
        @WithDefault("P3D")
        Duration maxAge();

        /** The wait after the first failure; it doubles with every failure, up to {@code backoff-max}, with jitter. */
        @WithDefault("PT10S")
        Duration backoffBase();

        @WithDefault("PT1H")
        Duration backoffMax();

        /** How long DELIVERED deliveries are kept for the operator's list; DEAD and PENDING ones stay. */
        @WithDefault("P7D")
        Duration retention();

        /** Deliveries one replica takes per poll, sent concurrently. */
        @WithDefault("50")
        @Min(1)
        @Max(1000)
        int batchSize();
    }

    Sync sync();

    interface Sync {
        /** How often the indexer polls for new blocks; {@code off} disables it (a read-only replica). */
        @WithDefault("2s")
        String pollInterval();

        /**
         * The first eth_getLogs range, in blocks; it then adapts to what the node accepts and to the logs' density.
         * Small, since nothing is known of the density yet, a dense chain's first range is held in memory whole, and
         * it is read with nothing beside it: the next ones are read while the one before is written.
         */
        @WithDefault("10")
        @Min(1)
        long initialRange();

        /** The widest eth_getLogs range the adaptive range may grow to. */
        @WithDefault("100000")
        @Min(1)
        long maxRange();

        /** The most logs an eth_getLogs range should bring: a range that brought more is narrowed to match. */
        @WithDefault("10000")
        @Min(1)
        @Max(100_000_000)
        long maxLogsPerRange();

        /**
         * The most blocks a reorg may take back from a source's indexed block. A deeper one is not followed: the
         * source stops with an error, since that many blocks replaced is more likely a node on another network than
         * a reorg, and its ancestor cannot be known from the stored headers.
         */
        @WithDefault("256")
        @Min(1)
        int maxReorgDepth();
    }

    /** Posting results to the chain; off unless a signing key is configured. */
    Submission submission();

    interface Submission {
        /** An encrypted JSON keystore (Web3 Secret Storage) holding the signer's key. */
        Optional<String> keystoreFile();

        /** A file whose content (without a trailing newline) is the keystore's password. */
        Optional<String> keystorePasswordFile();

        /** The name of an environment variable holding the keystore's password. */
        Optional<String> keystorePasswordEnv();

        /** For development only: the name of an environment variable holding a raw hex private key. */
        Optional<String> devPrivateKeyEnv();

        /** The {@code gov.chains} entry to submit on; default: the first (by name) with the deployment's chain id. */
        Optional<String> chain();

        /**
         * How a root reaches the distributor: {@code optimistic} (Mode A: the signer calls proposeRoot) or
         * {@code governance} (Mode B: a Governor proposal whose execution, through the timelock, calls proposeRoot).
         */
        @WithDefault("optimistic")
        Mode mode();

        enum Mode { OPTIMISTIC, GOVERNANCE }

        /** Blocks on top of a transaction's block before it counts as confirmed; default: the chain's confirmations. */
        OptionalInt confirmations();

        /** How often a transaction in flight is checked. */
        @WithDefault("PT2S")
        Duration pollInterval();

        /** A transaction not mined this long after it was sent is replaced with higher fees. */
        @WithDefault("PT3M")
        Duration stuckAfter();

        /** Blocks of eth_feeHistory the priority fee is taken from. */
        @WithDefault("10")
        @Min(1)
        @Max(1024)
        int feeHistoryBlocks();

        /** The percentile of each block's priority fees; the median over the blocks is offered. */
        @WithDefault("50")
        @Min(0)
        @Max(100)
        int priorityFeePercentile();

        /** The lowest priority fee offered, in wei. */
        @WithDefault("10000000")
        BigInteger minPriorityFeePerGas();

        /** Max fee per gas = the pending block's base fee times this percentage, plus the priority fee. */
        @WithDefault("200")
        @Min(100)
        int baseFeeMultiplierPercent();

        /** The highest max fee per gas the engine ever signs, in wei; it waits rather than pay more. */
        @WithDefault("500000000000")
        BigInteger maxFeePerGas();

        /** How long a new transaction waits for fees to come under the maximum before it gives up. */
        @WithDefault("PT30M")
        Duration maxFeeWait();

        /** Added to eth_estimateGas's answer, in percent, as the transaction's gas limit. */
        @WithDefault("20")
        @Min(0)
        int gasLimitMarginPercent();

        /** How long the node may be unreachable before a read needed for a submission fails. */
        @WithDefault("PT10M")
        Duration rpcOutageTolerance();
    }

    /** Limits of the wallet GraphQL API. */
    Ui ui();

    /** The web app the service serves at {@code /} (docs/WEBAPP.md). */
    interface Ui {
        /** Off: {@code /} and the app's files answer 404, as before the app; the API and its routes are unchanged. */
        @WithDefault("true")
        boolean enabled();
    }

    Api api();

    interface Api {
        /** The largest page a connection returns; a larger {@code first} is refused with LIMIT_EXCEEDED. */
        @WithDefault("100")
        @Min(1)
        int maxPageSize();

        /** The deepest field nesting a query may have. */
        @WithDefault("10")
        @Min(1)
        int maxDepth();

        /**
         * The highest complexity a query may have: each field costs one plus its selections, and a list's selections
         * count once per item it may return ({@code first} for a connection, the list's bound otherwise: ListBounds).
         */
        @WithDefault("5000")
        @Min(1)
        int maxComplexity();

        /** The longest query document, in characters. */
        @WithDefault("16384")
        @Min(1)
        int maxDocumentLength();

        /**
         * The most {@code claim} fields one operation may hold, aliases included: each costs eth_calls to the
         * distributor. More is refused with LIMIT_EXCEEDED.
         */
        @WithDefault("5")
        @Min(1)
        int maxClaims();

        /** Active subscriptions on one WebSocket connection; one more is refused with LIMIT_EXCEEDED. */
        @WithDefault("20")
        @Min(1)
        int maxSubscriptionsPerConnection();

        /**
         * Open GraphQL WebSocket connections from one client address; one more is closed at once with code 4429 and
         * a reason starting LIMIT_EXCEEDED.
         */
        @WithDefault("10")
        @Min(1)
        int maxConnectionsPerClient();

        /** How long one query may take before its unfinished fields fail with TIMEOUT. */
        @WithDefault("PT10S")
        Duration timeout();

        /**
         * The origins whose pages a browser lets read {@code /graphql} and open its WebSocket: {@code *}, any (the
         * API is public and takes no credentials), or a list of origins ({@code scheme://host[:port]}). A page from
         * the service's own origin needs no entry. The operator endpoints answer no origin
         * (dev.govengine.api.GraphQLCors).
         */
        @WithDefault("*")
        List<@Pattern(regexp = "\\*|[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#\\s]+",
                message = "must be * or an origin, scheme://host[:port] with no path") String> corsOrigins();

        ResponseCache responseCache();

        RateLimit rateLimit();

        /**
         * How often a replica on a PostgreSQL hot standby, which LISTEN never reaches, reads the change log for the
         * writes replayed since its last look (persistence.PgNotifications), when no request waits for a read
         * ({@link #standbyReadBarrier()}). The live events of such a replica trail the standby's replay by at most
         * this much plus one read; on the primary it is unused.
         */
        @WithDefault("100ms")
        Duration changePollInterval();

        /**
         * On a replica on a hot standby: whether a cached answer waits for a read of the change log that starts after
         * the request came (one short round trip, shared by all the requests that came meanwhile), so that it is never
         * older than what the standby had replayed when asked. Off, a hit is served at once and may trail the replay by
         * up to {@code change-poll-interval} plus one read. Unused on the primary, where NOTIFY arrives with the commit.
         */
        @WithDefault("true")
        boolean standbyReadBarrier();

        /**
         * How long the writer keeps change-log entries for replicas on standbys. A replica further behind (a stalled
         * or lagging standby) finds entries gone and retires everything it kept, as after a lost connection.
         */
        @WithDefault("PT10M")
        Duration changeLogRetention();

        /**
         * A token bucket per client address on /graphql and POST /receipts: 429 RATE_LIMITED with Retry-After beyond
         * it (dev.govengine.api.RateLimiter). Devnet turns it off.
         */
        interface RateLimit {
            @WithDefault("true")
            boolean enabled();

            /** The rate each client's bucket refills at. */
            @WithDefault("20")
            @Min(1)
            int requestsPerSecond();

            /** The bucket's size: requests a client that was idle may send at once. */
            @WithDefault("100")
            @Min(1)
            int burst();

            /** Clients remembered at once; the least recently seen are forgotten first (their bucket starts full). */
            @WithDefault("100000")
            @Min(1)
            int maxClients();
        }

        /**
         * Answers to queries, kept until the data they were read from changes: every committed write to the tables
         * announces itself, and each replica then drops every answer read before it (docs/ARCHITECTURE.md, "The
         * response cache"). Answers that read the chain at request time (claim, indexerStatus) are never kept.
         */
        interface ResponseCache {
            @WithDefault("true")
            boolean enabled();

            /** The most answer bytes kept; the least recently used answers go first. */
            @WithDefault("64M")
            MemorySize maxSize();

            /**
             * Whether the answers a change retires are computed again right after it, off the requests' path, when
             * they were served since they were kept (api.cache.AnswerRefresher).
             */
            @WithDefault("true")
            boolean refreshAhead();
        }
    }

    /**
     * The deployment JSON of the contract set the engine works with (docs/DEPLOYMENT.md); its chain id must be one
     * of the configured chains'.
     */
    Optional<String> deploymentFile();

    Receipts receipts();

    /** DePIN work receipts, taken by the GraphQL mutation submitWorkReceipts and the NDJSON upload POST /receipts. */
    interface Receipts {
        /**
         * Whether receipts are taken at all. The endpoints need no credentials, because each receipt is authenticated
         * by its verifier's signature; an operator who collects receipts elsewhere turns them off here.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * The most receipts one GraphQL operation may carry, counting every submitWorkReceipts in it (aliases
         * included); more is refused whole with LIMIT_EXCEEDED.
         */
        @WithDefault("1000")
        @Min(1)
        int maxBatch();

        /** The most lines one NDJSON upload may carry; more is refused whole with LIMIT_EXCEEDED. */
        @WithDefault("100000")
        @Min(1)
        int maxLines();

        /**
         * The most bytes one NDJSON upload may carry; the upload is refused (413, LIMIT_EXCEEDED) as soon as more
         * arrive, and its connection closed.
         */
        @WithDefault("64M")
        MemorySize maxBytes();

        /** NDJSON uploads in flight at once, from all clients; one more is refused (503, BUSY). */
        @WithDefault("2")
        @Min(1)
        int maxUploads();

        /** NDJSON uploads in flight at once from one client address; one more is refused (429, TOO_MANY_UPLOADS). */
        @WithDefault("1")
        @Min(1)
        int maxUploadsPerClient();

        /**
         * How long verifying one batch of receipts (an upload or a mutation) may take; past it the verification stops
         * and the batch is refused with TIMEOUT, nothing stored.
         */
        @WithDefault("PT30S")
        Duration verifyTimeout();
    }

    interface Database {
        /** Where the embedded PostgreSQL keeps its data when no {@code quarkus.datasource.*} URL is set. */
        @WithDefault("data")
        String dataDir();

        /**
         * The longest a background worker (the indexer's writer, the epoch lifecycle) or a command waits for one
         * database operation before its step fails, naming what it waited for. Generous: the longest wait is the
         * save of an epoch's tree, about two minutes for a million leaves.
         */
        @WithDefault("PT10M")
        Duration workerTimeout();
    }

    interface Chain {
        /** JSON-RPC endpoint over HTTP(S). */
        @Pattern(regexp = "(?i)https?://[^\\s/]+\\S*", message = "must be an http:// or https:// URL")
        String rpcUrl();

        /**
         * JSON-RPC over WebSocket, for {@code eth_subscribe} newHeads: the indexer then follows each new block as it
         * arrives, and the poll is only the safety net.
         */
        Optional<@Pattern(regexp = "(?i)wss?://[^\\s/]+\\S*", message = "must be a ws:// or wss:// URL") String> wsUrl();

        /** Checked against eth_chainId, so a URL pointing at the wrong network is caught. */
        @Min(1)
        long chainId();

        /** Blocks behind the head counted final; when absent, a default known for the chain id applies. */
        OptionalInt confirmations();

        /** Per-call timeout for JSON-RPC requests. */
        @WithDefault("PT10S")
        Duration rpcTimeout();
    }

    interface Governor {
        /** The name of an entry under {@code gov.chains}. */
        @NotBlank
        String chain();

        ChecksumAddress address();

        @WithDefault("0")
        @Min(0)
        long startBlock();
    }
}
