package dev.govengine.api;

import dev.govengine.config.EngineConfig;
import dev.govengine.contributions.ReceiptContexts;
import dev.govengine.contributions.ReceiptIngestion;
import dev.govengine.contributions.ReceiptOutcome;
import dev.govengine.contributions.ReceiptsNotReadyException;
import dev.govengine.contributions.ReceiptsTimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@GraphQLApi
public class ReceiptResource {
    @Inject
    ReceiptContexts contexts;

    @Inject
    ReceiptIngestion ingestion;

    @Inject
    EngineConfig config;

    @Mutation("submitWorkReceipts")
    @Description("Stores DePIN work receipts signed by a verifier of the policy in force. One result per receipt, in "
            + "input order; a refused receipt stores nothing and does not affect the others. More receipts than the "
            + "configured batch size, counted over every submitWorkReceipts of the operation, refuse the whole "
            + "operation with LIMIT_EXCEEDED.")
    public Uni<@NonNull List<@NonNull WorkReceiptResult>> submitWorkReceipts(
            @NonNull @Name("receipts") List<@NonNull WorkReceiptInput> receipts) {
        if (!config.receipts().enabled()) {
            throw new UnavailableException("work receipts are not taken here (gov.receipts.enabled=false)");
        }
        return contexts.current()
                .onFailure(ReceiptsNotReadyException.class).transform(e -> new UnavailableException(e.getMessage()))
                .chain(context -> ingestion.submit(context, receipts.stream().map(WorkReceiptInput::submission).toList()))
                .onFailure(ReceiptsTimeoutException.class).transform(e -> new QueryTimeoutException(e.getMessage()))
                .map(ReceiptResource::results);
    }

    private static List<WorkReceiptResult> results(List<ReceiptOutcome> outcomes) {
        List<WorkReceiptResult> results = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            results.add(WorkReceiptResult.of(i, outcomes.get(i)));
        }
        return results;
    }
}
