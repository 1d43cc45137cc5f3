import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.GovernanceLogDecoder;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.utils.Numeric;

/**
 * Generates the indexer benchmark's chain on a running Anvil node (started by run.sh with a zero base fee and
 * automine on): the contract set deployed as devnet does, the voters' tokens, their self-delegations, the proposals
 * and every voter's vote on every proposal.
 *
 * Speed matters (100,000 transactions): after the deployment, voters are impersonated (nothing is signed), automine
 * is off, transactions go in JSON-RPC batches with explicit nonce and gas (no estimation round trips), and blocks are
 * mined on demand. The voting period is long enough that every proposal is still Active when the last vote is cast.
 *
 * Usage: java -cp CLASSPATH Generate.java RPC_URL OUTPUT_JSON VOTERS PROPOSALS
 */
public class Generate {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int BATCH = 500;
    /** Transactions sent between two rounds of mining, so that blocks fill up as a busy chain's would. */
    private static final int MINE_EVERY = 2_000;
    private static final BigInteger VOTING_PERIOD = BigInteger.valueOf(1_000_000);
    private static final String VOTE_GAS = "0x30d40"; // 200,000: castVote costs about 60,000-90,000.
    private static final String DELEGATE_GAS = "0x30d40";
    private static final String PROPOSE_GAS = "0xf4240"; // 1,000,000

    private static URI rpc;
    private static long requestId;

    public static void main(String[] args) throws Exception {
        rpc = URI.create(args[0]);
        Path output = Path.of(args[1]);
        int voterCount = Integer.parseInt(args[2]);
        int proposalCount = Integer.parseInt(args[3]);
        long started = System.nanoTime();

        List<ChecksumAddress> voters = new ArrayList<>();
        for (int i = 0; i < voterCount; i++) {
            byte[] seed = Hash.sha3(("govengine bench voter " + i).getBytes(StandardCharsets.UTF_8));
            voters.add(ChecksumAddress.of(Numeric.toHexString(seed, 12, 20, true)));
        }
        Web3j web3j = Web3j.build(new HttpService(args[0]));
        DeploymentSettings settings = DeploymentSettings.devnet("Bench DAO", "BENCH",
                        ChecksumAddress.of(DevAccounts.engine().getAddress()),
                        List.of(ChecksumAddress.of(DevAccounts.verifier().getAddress())), List.of())
                .withDao(new DeploymentSettings.Dao("Bench DAO", "BENCH", BigInteger.valueOf(60), BigInteger.ONE,
                        VOTING_PERIOD, BigInteger.ZERO, BigInteger.valueOf(4)));
        Deployment deployment = new Deployer(web3j, 31337).deploy(DevAccounts.account(0), settings);
        String governor = deployment.governor().address().lowerCase();
        String token = deployment.token().address().lowerCase();
        log(started, "deployed; governor " + deployment.governor().address() + " at block " + deployment.governor().block());

        call("anvil_autoImpersonateAccount", JSON.createArrayNode().add(true));
        call("evm_setAutomine", JSON.createArrayNode().add(false));
        List<ObjectNode> pending = new ArrayList<>();
        for (ChecksumAddress voter : voters) {
            pending.add(request("anvil_setBalance", JSON.createArrayNode().add(voter.lowerCase()).add("0x3635c9adc5dea00000")));
        }
        sendAll(pending);

        // The voters' tokens, minted by the timelock (the token's owner after deployment) in one batch: the same
        // supply the deployment's initial allocations would mint, without 1,000 signed transactions one by one.
        // Uneven weights (1 to 1,000 tokens), so that tallies are not all multiples of one number.
        String timelock = deployment.timelock().address().lowerCase();
        long timelockNonce = Long.decode(call("eth_getTransactionCount",
                JSON.createArrayNode().add(timelock).add("pending")).asText());
        pending.add(request("anvil_setBalance", JSON.createArrayNode().add(timelock).add("0x3635c9adc5dea00000")));
        for (int i = 0; i < voterCount; i++) {
            String data = FunctionEncoder.encode(new Function("mint", List.of(new Address(voters.get(i).lowerCase()),
                    new Uint256(DeploymentSettings.tokens(1 + (i * 7919L) % 1_000))), List.of()));
            ObjectNode tx = JSON.createObjectNode().put("from", timelock).put("to", token).put("data", data)
                    .put("gas", DELEGATE_GAS).put("gasPrice", "0x0")
                    .put("nonce", Numeric.encodeQuantity(BigInteger.valueOf(timelockNonce++)));
            pending.add(request("eth_sendTransaction", JSON.createArrayNode().add(tx)));
        }
        sendAll(pending);
        mineAll();
        log(started, voterCount + " voters' tokens minted");

        long[] nonces = new long[voterCount];
        for (int i = 0; i < voterCount; i++) {
            String data = FunctionEncoder.encode(new Function("delegate", List.of(new Address(voters.get(i).lowerCase())), List.of()));
            pending.add(transaction(voters.get(i), nonces[i]++, token, data, DELEGATE_GAS));
        }
        sendAll(pending);
        mineAll();
        log(started, voterCount + " self-delegations");

        DaoGovernor governorContract = DaoGovernor.load(governor, web3j, new ReadonlyTransactionManager(web3j, governor),
                new Deployer(web3j, 31337).gasProvider());
        List<BigInteger> proposalIds = new ArrayList<>();
        for (int p = 0; p < proposalCount; p++) {
            // A mint of one token to a voter: a realistic action that the proposal would carry out if executed.
            byte[] calldata = Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function("mint",
                    List.of(new Address(voters.get(p % voterCount).lowerCase()), new Uint256(DeploymentSettings.ONE_TOKEN)), List.of())));
            String description = "# Bench proposal " + (p + 1) + "\n\nMint one token to voter " + (p % voterCount) + ".";
            String data = FunctionEncoder.encode(new Function("propose", List.of(
                    new DynamicArray<>(Address.class, List.of(new Address(token))),
                    new DynamicArray<>(Uint256.class, List.of(new Uint256(BigInteger.ZERO))),
                    new DynamicArray<>(DynamicBytes.class, List.of(new DynamicBytes(calldata))),
                    new Utf8String(description)), List.of()));
            int proposer = p % voterCount;
            pending.add(transaction(voters.get(proposer), nonces[proposer]++, governor, data, PROPOSE_GAS));
            proposalIds.add(governorContract.hashProposal(List.of(token), List.of(BigInteger.ZERO), List.of(calldata),
                    Hash.sha3(description.getBytes(StandardCharsets.UTF_8))).send());
        }
        sendAll(pending);
        mineAll();
        // Past the voting delay (one block) and the snapshot: every proposal is Active.
        call("anvil_mine", JSON.createArrayNode().add("0x2"));
        log(started, proposalCount + " proposals");

        long sent = 0;
        for (int p = 0; p < proposalCount; p++) {
            for (int v = 0; v < voterCount; v++) {
                String data = FunctionEncoder.encode(new Function("castVote",
                        List.of(new Uint256(proposalIds.get(p)), new Uint8((v + p) % 3)), List.of()));
                pending.add(transaction(voters.get(v), nonces[v]++, governor, data, VOTE_GAS));
                if (pending.size() == BATCH) {
                    sendAll(pending);
                }
                if (++sent % MINE_EVERY == 0) {
                    sendAll(pending);
                    mineAll();
                }
            }
        }
        sendAll(pending);
        mineAll();
        call("evm_setAutomine", JSON.createArrayNode().add(true));
        log(started, sent + " votes");

        long head = Long.decode(call("eth_blockNumber", JSON.createArrayNode()).asText());
        ObjectNode filter = JSON.createObjectNode()
                .put("fromBlock", Numeric.encodeQuantity(BigInteger.valueOf(deployment.governor().block())))
                .put("toBlock", Numeric.encodeQuantity(BigInteger.valueOf(head)));
        filter.putArray("address").add(governor).add(token);
        ArrayNode topics = filter.putArray("topics").addArray();
        GovernanceLogDecoder.ALL_TOPICS.forEach(topics::add);
        JsonNode governanceLogs = call("eth_getLogs", JSON.createArrayNode().add(filter));
        int logs = governanceLogs.size();
        String voteCast = Hash.sha3String("VoteCast(address,uint256,uint8,uint256,string)");
        int votes = 0;
        for (JsonNode log : governanceLogs) {
            if (log.get("topics").get(0).asText().equals(voteCast)) {
                votes++;
            }
        }

        ObjectNode out = JSON.createObjectNode();
        out.put("chainId", 31337);
        out.put("governor", deployment.governor().address().toString());
        out.put("token", deployment.token().address().toString());
        out.put("startBlock", deployment.governor().block());
        out.put("headBlock", head);
        out.put("proposals", proposalCount);
        out.put("voters", voterCount);
        out.put("votes", votes);
        out.put("governanceLogs", logs);
        out.set("logFilter", filter);
        Files.writeString(output, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
        log(started, "head " + head + ", " + logs + " governance logs (" + votes + " votes); wrote " + output);
    }

    private static ObjectNode transaction(ChecksumAddress from, long nonce, String to, String data, String gas) {
        ObjectNode tx = JSON.createObjectNode()
                .put("from", from.lowerCase()).put("to", to).put("data", data).put("gas", gas)
                .put("nonce", Numeric.encodeQuantity(BigInteger.valueOf(nonce)))
                .put("gasPrice", "0x0");
        return request("eth_sendTransaction", JSON.createArrayNode().add(tx));
    }

    /** Mines until the pool is empty; each block takes what fits under the block gas limit. */
    private static void mineAll() throws Exception {
        do {
            call("evm_mine", JSON.createArrayNode());
        } while (Long.decode(call("txpool_status", JSON.createArrayNode()).get("pending").asText()) > 0);
    }

    private static ObjectNode request(String method, ArrayNode params) {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", ++requestId).put("method", method);
        request.set("params", params);
        return request;
    }

    /** Sends the requests as one JSON-RPC batch and clears the list; any error stops the generation. */
    private static void sendAll(List<ObjectNode> requests) throws Exception {
        if (requests.isEmpty()) {
            return;
        }
        ArrayNode batch = JSON.createArrayNode().addAll(requests);
        for (JsonNode response : post(batch)) {
            if (response.has("error")) {
                throw new IllegalStateException("RPC error: " + response.get("error"));
            }
        }
        requests.clear();
    }

    private static JsonNode call(String method, ArrayNode params) throws Exception {
        JsonNode response = post(request(method, params));
        if (response.has("error")) {
            throw new IllegalStateException(method + ": " + response.get("error"));
        }
        return response.get("result");
    }

    private static JsonNode post(JsonNode body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(rpc).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void log(long started, String message) {
        System.out.printf("[%6.1fs] %s%n", (System.nanoTime() - started) / 1e9, message);
    }
}
