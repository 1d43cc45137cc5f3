import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import org.web3j.utils.Numeric;

/**
 * The head latency benchmark's two halves (bench/head/run.sh runs them). Anvil mines each transaction as it is sent
 * (automine), and every sender is impersonated, so nothing is signed.
 *
 * <pre>
 * setup   RPC_URL OUT_JSON VOTERS          deploys the DAO, gives VOTERS voters tokens and self-delegation, and
 *                                          makes one proposal Active
 * measure RPC_URL GRAPHQL_URL CHAIN_JSON FIRST_VOTER COUNT SEED
 *                                          a vote and a delegation to warm up, then COUNT events, alternately a
 *                                          vote and a delegation, each by its own voter from FIRST_VOTER on, after
 *                                          a random pause of 0 to 2 s; prints one line per event: kind (the first
 *                                          two "cold-vote", "cold-delegation"), block, mined -> visible ms,
 *                                          mined -> pushed ms
 * </pre>
 *
 * "Mined" is the moment the transaction's receipt is first served (automine mines it within eth_sendTransaction, but
 * a loaded machine has shown a first receipt request answered null). "Visible" is the first
 * answer of /graphql (polled every 2 ms) that shows the event: the voter's vote on the proposal, or the delegator's
 * new delegate. "Pushed" is when the voteCast subscription (graphql-transport-ws) delivers the vote.
 */
public class HeadLatency {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String GAS = "0x7a120"; // 500,000
    private static final int WARM_UP = 2;
    private static URI rpc;

    public static void main(String[] args) throws Exception {
        rpc = URI.create(args[1]);
        if (args[0].equals("setup")) {
            setup(Path.of(args[2]), Integer.parseInt(args[3]));
        } else {
            measure(URI.create(args[2]), JSON.readTree(Files.readString(Path.of(args[3]))), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Long.parseLong(args[6]));
        }
    }

    static ChecksumAddress voter(int i) {
        byte[] seed = Hash.sha3(("govengine head bench voter " + i).getBytes(StandardCharsets.UTF_8));
        return ChecksumAddress.of(Numeric.toHexString(seed, 12, 20, true));
    }

    private static void setup(Path out, int voters) throws Exception {
        List<DeploymentSettings.Allocation> supply = new ArrayList<>();
        for (int i = 0; i < voters; i++) {
            supply.add(new DeploymentSettings.Allocation(voter(i), DeploymentSettings.tokens(1 + i % 100)));
        }
        Web3j web3j = Web3j.build(new HttpService(rpc.toString()));
        DeploymentSettings settings = DeploymentSettings.devnet("Head DAO", "HEAD",
                        ChecksumAddress.of(DevAccounts.engine().getAddress()),
                        List.of(ChecksumAddress.of(DevAccounts.verifier().getAddress())), supply)
                .withDao(new DeploymentSettings.Dao("Head DAO", "HEAD", BigInteger.valueOf(60), BigInteger.ONE,
                        BigInteger.valueOf(1_000_000), BigInteger.ZERO, BigInteger.valueOf(4)));
        Deployment deployment = new Deployer(web3j, 31337).deploy(DevAccounts.account(0), settings);
        web3j.shutdown();
        String governor = deployment.governor().address().lowerCase();
        String token = deployment.token().address().lowerCase();
        call("anvil_autoImpersonateAccount", JSON.createArrayNode().add(true));
        for (int i = 0; i < voters; i++) {
            call("anvil_setBalance", JSON.createArrayNode().add(voter(i).lowerCase()).add("0x3635c9adc5dea00000"));
            send(voter(i), token, FunctionEncoder.encode(new Function("delegate",
                    List.of(new Address(voter(i).lowerCase())), List.of())));
        }
        String description = "# Head latency\n\nEvery bench voter votes here.";
        send(voter(0), governor, FunctionEncoder.encode(new Function("propose", List.of(
                new DynamicArray<>(Address.class, List.of(new Address(token))),
                new DynamicArray<>(Uint256.class, List.of(new Uint256(BigInteger.ZERO))),
                new DynamicArray<>(DynamicBytes.class, List.of(new DynamicBytes(new byte[0]))),
                new Utf8String(description)), List.of())));
        BigInteger proposal = new BigInteger(1, Numeric.hexStringToByteArray(call("eth_call", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("to", governor).put("data", FunctionEncoder.encode(new Function(
                        "hashProposal", List.of(new DynamicArray<>(Address.class, List.of(new Address(token))),
                                new DynamicArray<>(Uint256.class, List.of(new Uint256(BigInteger.ZERO))),
                                new DynamicArray<>(DynamicBytes.class, List.of(new DynamicBytes(new byte[0]))),
                                new org.web3j.abi.datatypes.generated.Bytes32(Hash.sha3(
                                        description.getBytes(StandardCharsets.UTF_8)))), List.of()))))
                .add("latest")).asText()));
        call("anvil_mine", JSON.createArrayNode().add("0x2"));
        ObjectNode chain = JSON.createObjectNode().put("governor", deployment.governor().address().toString())
                .put("startBlock", deployment.startBlock()).put("token", token).put("proposal", proposal.toString())
                .put("voters", voters);
        Files.writeString(out, chain.toPrettyString());
    }

    private static void measure(URI graphql, JsonNode chain, int first, int count, long seed) throws Exception {
        String governorId = "eip155:31337:" + chain.path("governor").asText();
        String governor = chain.path("governor").asText().toLowerCase(Locale.ROOT);
        String token = chain.path("token").asText();
        String proposal = chain.path("proposal").asText();
        Map<String, Long> pushed = new ConcurrentHashMap<>();
        CountDownLatch acked = new CountDownLatch(1);
        URI ws = URI.create(graphql.toString().replaceFirst("^http", "ws"));
        WebSocket socket = HTTP.newWebSocketBuilder().subprotocols("graphql-transport-ws")
                .buildAsync(ws, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        long at = System.nanoTime();
                        text.append(data);
                        if (last) {
                            try {
                                JsonNode message = JSON.readTree(text.toString());
                                if (message.path("type").asText().equals("connection_ack")) {
                                    acked.countDown();
                                }
                                JsonNode vote = message.path("payload").path("data").path("voteCast");
                                if (!vote.isMissingNode()) {
                                    pushed.putIfAbsent(vote.path("voter").asText().toLowerCase(Locale.ROOT), at);
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).join();
        socket.sendText("{\"type\":\"connection_init\"}", true).join();
        if (!acked.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no connection_ack");
        }
        ObjectNode subscribe = JSON.createObjectNode().put("id", "votes").put("type", "subscribe");
        subscribe.putObject("payload").put("query", "subscription($g: ID!) { voteCast(governor: $g) { voter blockNumber } }")
                .putObject("variables").put("g", governorId);
        socket.sendText(subscribe.toString(), true).join();
        Thread.sleep(500); // the server sends nothing when a subscription starts

        Random random = new Random(seed);
        // The first vote and delegation after the start meet a cold JVM (the queries, the subscription's first
        // event): they are timed and printed apart, as the steady state is what the target is about.
        for (int k = 0; k < count + WARM_UP; k++) {
            Thread.sleep(random.nextInt(2_000));
            ChecksumAddress who = voter(first + k);
            boolean vote = k % 2 == 0;
            String delegate = voter(first + k + 1).lowerCase();
            String hash = vote
                    ? send(who, governor, FunctionEncoder.encode(new Function("castVote",
                            List.of(new Uint256(new BigInteger(proposal)), new Uint8(BigInteger.ONE)), List.of())))
                    : send(who, token, FunctionEncoder.encode(new Function("delegate", List.of(new Address(delegate)),
                            List.of())));
            JsonNode receipt = call("eth_getTransactionReceipt", JSON.createArrayNode().add(hash));
            while (receipt.isNull()) {
                receipt = call("eth_getTransactionReceipt", JSON.createArrayNode().add(hash));
            }
            long mined = System.nanoTime();
            long block = Long.decode(receipt.path("blockNumber").asText());
            String query = vote
                    ? "{ account(governor: \"" + governorId + "\", address: \"" + who + "\") { vote(proposalId: \""
                            + proposal + "\") { blockNumber } } }"
                    : "{ account(governor: \"" + governorId + "\", address: \"" + who + "\") { delegate } }";
            long visible;
            long deadline = mined + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                JsonNode account = graphql(graphql, query).path("data").path("account");
                boolean shown = vote ? !account.path("vote").isNull() && !account.path("vote").isMissingNode()
                        : account.path("delegate").asText().equalsIgnoreCase(delegate);
                if (shown) {
                    visible = System.nanoTime();
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not visible within 30 s: " + query);
                }
                Thread.sleep(2);
            }
            String pushedMillis = "-";
            if (vote) {
                while (!pushed.containsKey(who.lowerCase()) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                Long at = pushed.get(who.lowerCase());
                if (at == null) {
                    throw new IllegalStateException("vote of " + who + " not pushed within 30 s");
                }
                pushedMillis = Long.toString((at - mined) / 1_000_000);
            }
            System.out.printf("%s%s %d %d %s%n", k < WARM_UP ? "cold-" : "", vote ? "vote" : "delegation", block, (visible - mined) / 1_000_000,
                    pushedMillis);
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    private static JsonNode graphql(URI url, String query) throws Exception {
        String body = JSON.createObjectNode().put("query", query).toString();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** eth_sendTransaction from an impersonated account; Anvil mines it before it answers. */
    private static String send(ChecksumAddress from, String to, String data) throws Exception {
        ObjectNode tx = JSON.createObjectNode().put("from", from.lowerCase()).put("to", to).put("data", data)
                .put("gas", GAS);
        return call("eth_sendTransaction", JSON.createArrayNode().add(tx)).asText();
    }

    private static JsonNode call(String method, ArrayNode params) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method);
        request.set("params", params);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(rpc).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        if (answer.has("error")) {
            throw new IllegalStateException(method + ": " + answer.get("error"));
        }
        return answer.get("result");
    }
}
