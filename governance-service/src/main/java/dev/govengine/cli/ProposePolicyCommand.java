package dev.govengine.cli;

import dev.govengine.chain.ChainClients;
import dev.govengine.config.ConfigPreflight;
import dev.govengine.config.EngineConfig;
import dev.govengine.config.InvalidConfigurationException;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentJson;
import dev.govengine.deployment.InvalidDeploymentException;
import dev.govengine.json.JsonFileException;
import dev.govengine.submission.BroadcastRejectedException;
import dev.govengine.submission.DirectProposer;
import dev.govengine.submission.FeeCapExceededException;
import dev.govengine.submission.GovernorProposal;
import dev.govengine.submission.SignerLoadException;
import dev.govengine.submission.SignerLoader;
import dev.govengine.submission.SimulationRevertedException;
import dev.govengine.submission.SubmissionProducer;
import dev.govengine.submission.SubmissionSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "propose-policy",
        mixinStandardHelpOptions = true,
        description = {
            "Proposes a RewardPolicy change to the DAO's Governor.",
            "The file's fields become the policy's setter calls, executed by the timelock",
            "if the proposal passes (file format in docs/GOVERNANCE.md). Prints the",
            "proposal id (decimal) and each action's calldata. The signer is",
            "gov.submission.*'s key and needs the Governor's proposal threshold in votes.",
            "No database and no HTTP port; the chain only when sending.",
            "Exit status: 0 proposed, or already on chain (its state is printed); 1 the",
            "file was refused (the message names the field), the Governor would revert",
            "(the decoded reason), or the chain failed; 2 bad usage or configuration."})
public class ProposePolicyCommand implements Callable<Integer> {
    static final int FAILED = 1;
    static final int BAD_CONFIGURATION = 2;
    private static final String DEPLOYMENT_KEY = "gov.deployment-file";
    private static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(10);

    @Spec
    CommandSpec spec;

    @Option(names = "--file", required = true, paramLabel = "POLICY.json", description = "The policy change.")
    Path file;

    @Option(names = "--deployment", paramLabel = "DEPLOYMENT.json",
            description = "The deployment JSON naming the Governor and RewardPolicy; default: gov.deployment-file.")
    Path deploymentFile;

    @Option(names = "--dry-run", description = "Print the proposal id and calldata, send nothing (offline with --deployment).")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PolicyChangeReader.PolicyChange change;
        try {
            change = PolicyChangeReader.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonFileException e) {
            e.problems().forEach(problem -> err.println(file + ": " + problem));
            return FAILED;
        } catch (IOException e) {
            err.println(InputFiles.problem(file, e));
            return FAILED;
        }
        ConfigPreflight config = null;
        if (deploymentFile == null || !dryRun) {
            try {
                config = loadConfig();
            } catch (InvalidConfigurationException e) {
                err.println(e.getMessage());
                return BAD_CONFIGURATION;
            }
        }
        Optional<String> deploymentPath = deploymentFile != null ? Optional.of(deploymentFile.toString())
                : config.engine().deploymentFile();
        if (deploymentPath.isEmpty()) {
            err.println("no deployment: give --deployment or set gov.deployment-file");
            return BAD_CONFIGURATION;
        }
        Deployment deployment;
        try {
            deployment = DeploymentJson.read(Path.of(deploymentPath.get()));
        } catch (InvalidDeploymentException e) {
            err.println(deploymentPath.get() + ": " + e.getMessage());
            return BAD_CONFIGURATION;
        }
        GovernorProposal proposal = change.proposal(deployment.governor().address(), deployment.rewardPolicy().address());
        print(out, proposal);
        if (dryRun) {
            out.println("dry run: nothing sent");
            return 0;
        }
        return send(config.engine(), deployment, proposal, out, err);
    }

    /** With --deployment, the configuration's checks (its chain id is a configured chain's) apply to that file. */
    private ConfigPreflight loadConfig() {
        if (deploymentFile == null) {
            return Preflight.load();
        }
        String previous = System.setProperty(DEPLOYMENT_KEY, deploymentFile.toString());
        try {
            return Preflight.load();
        } finally {
            if (previous == null) {
                System.clearProperty(DEPLOYMENT_KEY);
            } else {
                System.setProperty(DEPLOYMENT_KEY, previous);
            }
        }
    }

    static void print(PrintWriter out, GovernorProposal proposal) {
        out.println("governor: " + proposal.governor());
        out.println("proposal id: " + proposal.id());
        out.println("description hash: " + Numeric.toHexString(proposal.descriptionHash()));
        List<GovernorProposal.Action> actions = proposal.actions();
        for (int i = 0; i < actions.size(); i++) {
            GovernorProposal.Action action = actions.get(i);
            out.println("action " + (i + 1) + ": " + action.target() + " " + action.signature() + " calldata "
                    + action.calldataHex());
        }
        out.flush();
    }

    private static int send(EngineConfig config, Deployment deployment, GovernorProposal proposal, PrintWriter out,
            PrintWriter err) {
        ChainClients clients = null;
        try {
            SignerLoader.Signer signer = SignerLoader.load(config.submission(), System::getenv).orElse(null);
            if (signer == null) {
                err.println("gov.submission: no signing key configured (gov.submission.keystore-file or"
                        + " gov.submission.dev-private-key-env); --dry-run needs none");
                return BAD_CONFIGURATION;
            }
            String chain = SubmissionProducer.chain(config, config.submission(), deployment);
            clients = new ChainClients(config);
            Web3j web3j = clients.client(chain);
            DirectProposer proposer = new DirectProposer(web3j, signer.credentials(),
                    SubmissionSettings.from(config.submission(), config.chains().get(chain)));
            out.println("proposer: " + proposer.sender());
            out.flush();
            DirectProposer.Result result = proposer.propose(proposal, RECEIPT_TIMEOUT);
            if (result.existed()) {
                out.println("already proposed: proposal " + result.proposalId() + " is " + result.state() + "; nothing sent");
            } else {
                out.println("proposed in " + result.txHash() + " (block " + result.blockNumber()
                        + "); ProposalCreated announced proposal " + result.proposalId());
            }
            return 0;
        } catch (SignerLoadException e) {
            err.println(e.getMessage());
            return BAD_CONFIGURATION;
        } catch (SimulationRevertedException e) {
            err.println("the Governor refuses the proposal: " + e.reason() + "; nothing was sent");
            return FAILED;
        } catch (FeeCapExceededException | BroadcastRejectedException | IllegalStateException | UncheckedIOException e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            // The node refused a read (NodeErrorException) or the client failed: one line, not a stack trace.
            err.println("the chain failed: " + e.getMessage());
            return FAILED;
        } finally {
            if (clients != null) {
                for (String name : clients.names()) {
                    clients.client(name).shutdown();
                }
            }
        }
    }
}
