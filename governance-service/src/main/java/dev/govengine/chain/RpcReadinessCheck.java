package dev.govengine.chain;

import dev.govengine.config.EngineConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while at least one chain the governors are on (any chain, when none is configured) answers with the chain id
 * it is configured with: the service then serves those governors, and one broken entry must not take it out of a
 * load balancer. Every chain's probe is in the details, so a node that is down, or on the wrong network, shows there.
 */
@Readiness
@ApplicationScoped
public class RpcReadinessCheck implements AsyncHealthCheck {
    private final EngineConfig config;
    private final ChainHeads heads;

    @Inject
    public RpcReadinessCheck(EngineConfig config, ChainHeads heads) {
        this.config = config;
        this.heads = heads;
    }

    private record Probe(String chain, boolean up, String detail) {
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<Uni<Probe>> probes = config.chains().entrySet().stream()
                .map(entry -> probe(entry.getKey(), entry.getValue()))
                .toList();
        if (probes.isEmpty()) {
            return Uni.createFrom().item(HealthCheckResponse.up("rpc"));
        }
        return Uni.join().all(probes).andFailFast().map(results -> {
            Set<String> serving = config.governors().values().stream().map(EngineConfig.Governor::chain)
                    .collect(Collectors.toSet());
            HealthCheckResponseBuilder response = HealthCheckResponse.named("rpc")
                    .status(results.stream().anyMatch(probe -> probe.up()
                            && (serving.isEmpty() || serving.contains(probe.chain()))));
            results.forEach(probe -> response.withData(probe.chain(), probe.detail()));
            return response.build();
        });
    }

    private Uni<Probe> probe(String name, EngineConfig.Chain chain) {
        return heads.chainId(name)
                .flatMap(actual -> actual == chain.chainId()
                        ? heads.headBlock(name).map(head -> new Probe(name, true, "head " + head))
                        : Uni.createFrom().item(new Probe(name, false,
                                "eth_chainId is " + actual + " but gov.chains." + name + ".chain-id is " + chain.chainId())))
                .ifNoItem().after(chain.rpcTimeout()).fail()
                .onFailure().recoverWithItem(failure -> new Probe(name, false, "unreachable: " + failure.getMessage()));
    }
}
