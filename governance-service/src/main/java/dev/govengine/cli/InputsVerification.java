package dev.govengine.cli;

import dev.govengine.config.ConfiguredChains;
import dev.govengine.config.EngineConfig;
import dev.govengine.config.InvalidConfigurationException;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentJson;
import dev.govengine.deployment.InvalidDeploymentException;
import dev.govengine.rewards.allocation.EpochAllocation;
import dev.govengine.rewards.computation.EpochComputation;
import dev.govengine.rewards.inputs.EpochInputs;
import dev.govengine.rewards.verify.EpochVerification;
import dev.govengine.rewards.verify.InputsVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * {@code epoch verify --epoch N --inputs URL|FILE}: fetches the document, then {@link InputsVerifier} against the
 * configured chain's node, and the report. Needs only {@code gov.chains} and {@code gov.deployment-file}: no
 * datasource, no embedded PostgreSQL, and the service is never started.
 */
final class InputsVerification {
    private static final Pattern NAMED_KECCAK = Pattern.compile("#keccak256=(0x[0-9a-fA-F]{64})$");
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(60);

    private final PrintWriter out;
    private final PrintWriter err;

    InputsVerification(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    int run(long epoch, String source) {
        EngineConfig engine;
        try {
            engine = Preflight.load().engine();
        } catch (InvalidConfigurationException e) {
            err.println(e.getMessage());
            return EpochVerifyCommand.USAGE;
        }
        if (engine.deploymentFile().isEmpty()) {
            err.println("gov.deployment-file: epoch verify needs the deployment JSON, which names the RewardPolicy,"
                    + " the RewardDistributor and the Governor");
            return EpochVerifyCommand.USAGE;
        }
        Deployment deployment;
        try {
            deployment = DeploymentJson.read(Path.of(engine.deploymentFile().get()));
        } catch (InvalidDeploymentException e) {
            err.println(e.getMessage());
            return EpochVerifyCommand.USAGE;
        }
        Optional<String> chain = ConfiguredChains.forChainId(engine, deployment.chainId());
        if (chain.isEmpty()) {
            err.println("gov.chains: no entry has the deployment's chain id " + deployment.chainId());
            return EpochVerifyCommand.USAGE;
        }
        byte[] document;
        try {
            document = fetch(source);
        } catch (NoSuchFileException e) {
            err.println("--inputs: no such file " + e.getFile());
            return EpochVerifyCommand.USAGE;
        } catch (IOException | UnavailableDocumentException e) {
            return cannotVerify(epoch, "the inputs document cannot be read from " + source + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return cannotVerify(epoch, "interrupted while fetching " + source);
        }
        Matcher named = NAMED_KECCAK.matcher(source);
        String keccak = EpochInputs.keccak(document);
        if (named.find() && !named.group(1).equalsIgnoreCase(keccak)) {
            out.println("epoch " + epoch + ": MISMATCH");
            out.println("  " + source + " names keccak256 " + named.group(1) + ", the document fetched has " + keccak);
            return EpochVerifyCommand.MISMATCH;
        }
        Web3j web3j = Web3j.build(new HttpService(engine.chains().get(chain.get()).rpcUrl()));
        try {
            return report(new InputsVerifier(web3j, deployment).verify(epoch, document));
        } catch (Exception e) {
            // A node that fails mid-way proves nothing about the root; running again later may.
            return cannotVerify(epoch, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            web3j.shutdown();
        }
    }

    private static byte[] fetch(String source)
            throws IOException, InterruptedException, UnavailableDocumentException {
        if (!source.startsWith("http://") && !source.startsWith("https://")) {
            return Files.readAllBytes(Path.of(source));
        }
        URI uri = URI.create(source.contains("#") ? source.substring(0, source.indexOf('#')) : source);
        HttpClient client = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(FETCH_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new UnavailableDocumentException("HTTP " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private int cannotVerify(long epoch, String reason) {
        out.println("epoch " + epoch + ": CANNOT VERIFY");
        out.println("  " + reason);
        return EpochVerifyCommand.CANNOT_VERIFY;
    }

    private int report(InputsVerifier.Result result) {
        String verdict = result.verdict() == EpochVerification.Verdict.CANNOT_VERIFY ? "CANNOT VERIFY"
                : result.verdict().name();
        out.println("epoch " + result.epoch() + ": " + verdict);
        out.println("  " + result.reason());
        out.println("document keccak256 " + result.keccak());
        if (result.recomputed().isPresent()) {
            EpochComputation.Result recomputed = result.recomputed().get();
            EpochAllocation allocation = recomputed.allocation();
            out.println("paid               " + allocation.paid() + " to " + allocation.payouts().size()
                    + " accounts, carry " + allocation.carryOut());
            out.println("recomputed root    " + recomputed.root().map(Object::toString).orElse("none (nobody paid yet)"));
            out.println("recomputed total   " + recomputed.cumulative().total() + " over " + recomputed.cumulative().size()
                    + " accounts");
        }
        result.onChainRoot().ifPresent(root -> out.println("on-chain root      " + root));
        result.onChainTotal().ifPresent(total -> out.println("on-chain total     " + total));
        result.notes().forEach(note -> out.println("not checked        " + note));
        out.flush();
        return switch (result.verdict()) {
            case MATCH -> EpochVerifyCommand.MATCH;
            case CANNOT_VERIFY -> EpochVerifyCommand.CANNOT_VERIFY;
            default -> EpochVerifyCommand.MISMATCH;
        };
    }

    /** The document's server answered, but not with the document. */
    private static final class UnavailableDocumentException extends Exception {
        UnavailableDocumentException(String message) {
            super(message);
        }
    }
}
