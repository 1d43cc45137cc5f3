package dev.govengine.submission;

import dev.govengine.chain.ChainClients;
import dev.govengine.config.ConfiguredChains;
import dev.govengine.config.EngineConfig;
import dev.govengine.deployment.ActiveDeployment;
import dev.govengine.deployment.Deployment;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.index.GovernorRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Builds the service's {@link SubmissionService} from gov.submission.*: the key, the chain whose id is the
 * deployment's, and the deployment's RewardDistributor. At start it shows the signer, checks UPDATER_ROLE and
 * resumes what a previous run left in flight, all off the start-up path, so a slow node delays nothing else.
 */
@ApplicationScoped
public class SubmissionProducer {
    private static final Logger LOG = Logger.getLogger(SubmissionProducer.class);

    @Produces
    @Singleton
    SubmissionService submissionService(EngineConfig config, ActiveDeployment deployment, ChainClients clients,
            SubmissionTxStore store, MeterRegistry registry) {
        SubmissionService service = build(config, deployment, clients, store, registry);
        Gauge.builder("gov.submission.active", service, s -> s.state() == SubmissionService.State.ACTIVE ? 1 : 0)
                .description("1 when results can be submitted: a key is configured and holds UPDATER_ROLE")
                .register(registry);
        return service;
    }

    private static SubmissionService build(EngineConfig config, ActiveDeployment active, ChainClients clients,
            SubmissionTxStore store, MeterRegistry registry) {
        EngineConfig.Submission submission = config.submission();
        if (!SignerLoader.configured(submission)) {
            String why = "no signing key configured (gov.submission.keystore-file or gov.submission.dev-private-key-env)";
            LOG.infof("Submission off: %s", why);
            return SubmissionService.off(why);
        }
        try {
            SignerLoader.Signer signer = SignerLoader.load(submission, System::getenv).orElseThrow();
            Deployment deployment = active.get().orElseThrow(() -> new SignerLoadException(
                    "gov.submission needs gov.deployment-file, which names the RewardDistributor to submit to"));
            String chain = chain(config, submission, deployment);
            SubmissionSettings settings = SubmissionSettings.from(submission, config.chains().get(chain));
            LOG.infof("Submission signer %s, chain %s, RewardDistributor %s", signer, chain,
                    deployment.rewardDistributor().address());
            TransactionManager transactions = new TransactionManager(clients.client(chain), signer.credentials(), settings,
                    store, registry);
            if (submission.mode() == EngineConfig.Submission.Mode.GOVERNANCE) {
                LOG.infof("Submission mode governance: roots go in as proposals on Governor %s, executed by timelock %s",
                        deployment.governor().address(), deployment.timelock().address());
                return SubmissionService.throughGovernance(transactions, deployment.rewardDistributor().address(),
                        deployment.rewardDistributor().block(), deployment.timelock().address());
            }
            return SubmissionService.of(transactions, deployment.rewardDistributor().address(),
                    deployment.rewardDistributor().block());
        } catch (SignerLoadException e) {
            LOG.errorf("Submission off: %s", e.getMessage());
            return SubmissionService.off(e.getMessage());
        }
    }

    /** Mode B's driver, sharing the submission service's signer and transaction manager. */
    @Produces
    @Singleton
    GovernanceSubmission governanceSubmission(SubmissionService service, ActiveDeployment active,
            GovernanceRootProposalStore store, GovernanceQueries queries, GovernorRegistry governors) {
        return active.get().filter(deployment -> service.transactions().isPresent())
                .map(deployment -> new GovernanceSubmission(service, store, queries, governors,
                        deployment.governor().address(), deployment.rewardDistributor().address(),
                        deployment.rewardDistributor().block()))
                .orElseGet(() -> GovernanceSubmission.off(service));
    }

    /** The {@code gov.chains} entry results are posted on: gov.submission.chain, or the first with the deployment's id. */
    public static String chain(EngineConfig config, EngineConfig.Submission submission, Deployment deployment) {
        if (submission.chain().isPresent()) {
            String chain = submission.chain().get();
            EngineConfig.Chain configured = config.chains().get(chain);
            if (configured == null || configured.chainId() != deployment.chainId()) {
                throw new SignerLoadException("gov.submission.chain: '" + chain + "' is not a configured chain with the"
                        + " deployment's chain id " + deployment.chainId());
            }
            return chain;
        }
        return ConfiguredChains.forChainId(config, deployment.chainId()).orElseThrow(() -> new SignerLoadException(
                "no gov.chains entry has the deployment's chain id " + deployment.chainId()));
    }

    void start(@Observes StartupEvent event, SubmissionService service) {
        if (service.state() == SubmissionService.State.OFF) {
            return;
        }
        service.activate()
                .flatMap(state -> state == SubmissionService.State.ACTIVE ? service.resume() : io.smallrye.mutiny.Uni.createFrom().nullItem())
                .subscribe().with(
                        resumed -> {
                            if (resumed != null && !resumed.isEmpty()) {
                                resumed.forEach(outcome -> LOG.infof("Submission: resumed %s ended %s (%s)",
                                        outcome.purpose(), outcome.status(), outcome.txHash()));
                            }
                        },
                        failure -> LOG.errorf("Submission: resuming transactions in flight failed: %s", failure.getMessage()));
    }

    void close(@Disposes SubmissionService service) {
        service.close();
    }
}
