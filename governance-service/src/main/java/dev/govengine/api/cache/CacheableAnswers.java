package dev.govengine.api.cache;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Puts answers in the {@link ResponseCache} as graphql-java completes them: queries only, answered without any error
 * (a refusal, a timeout or a missing row is answered afresh each time), and none that reads the chain at request
 * time. The answer is kept as the bytes SmallRye GraphQL writes for it, with what it depends on of the tables and
 * the indexed heads ({@link AnswerDependence}), noted as each field is fetched.
 */
@ApplicationScoped
public class CacheableAnswers extends SimplePerformantInstrumentation {
    /**
     * Fields answered from the chain as it is now rather than from the database: the distributor's live root and
     * claimed amount (RewardClaims), the node's head (IndexerStatusService). Matched by name at any depth, which can
     * only ever keep an answer out of the cache.
     */
    static final Set<String> LIVE_FIELDS = Set.of("claim", "indexerStatus");

    @Inject
    ResponseCache cache;

    @Inject
    DeclaredReads declaredReads;

    /** Last in SmallRye's chain, so that it sees the answer as the other instrumentations leave it. */
    void install(@Observes @Priority(Integer.MAX_VALUE) GraphQL.Builder builder) {
        if (cache.enabled()) {
            SmallRyeGraphQL.appendInstrumentations(builder, this);
        }
    }

    private static final class Execution implements InstrumentationState {
        private final ResponseCache.Reading readIn;
        private final AnswerDependence dependence;
        private volatile boolean cacheable;

        Execution(ResponseCache.Reading readIn, AnswerDependence dependence) {
            this.readIn = readIn;
            this.dependence = dependence;
        }
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        return new Execution(cache.reading(), new AnswerDependence(declaredReads));
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                                                                        InstrumentationState state) {
        OperationDefinition operation = parameters.getExecutionContext().getOperationDefinition();
        ((Execution) state).cacheable = operation.getOperation() == OperationDefinition.Operation.QUERY
                && !readsLive(operation.getSelectionSet(), parameters.getExecutionContext().getFragmentsByName());
        return super.beginExecuteOperation(parameters, state);
    }

    private static boolean readsLive(SelectionSet selections, Map<String, FragmentDefinition> fragments) {
        if (selections == null) {
            return false;
        }
        for (Selection<?> selection : selections.getSelections()) {
            if (selection instanceof Field field) {
                if (LIVE_FIELDS.contains(field.getName()) || readsLive(field.getSelectionSet(), fragments)) {
                    return true;
                }
            } else if (selection instanceof InlineFragment inline) {
                if (readsLive(inline.getSelectionSet(), fragments)) {
                    return true;
                }
            } else if (selection instanceof FragmentSpread spread) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                if (fragment == null || readsLive(fragment.getSelectionSet(), fragments)) {
                    return true;
                }
            } else {
                // A kind of selection this walk does not know could hide a live field.
                return true;
            }
        }
        return false;
    }

    @Override
    public InstrumentationContext<Object> beginFieldFetch(InstrumentationFieldFetchParameters parameters,
                                                          InstrumentationState state) {
        Execution execution = (Execution) state;
        if (execution.cacheable) {
            execution.dependence.fetching(parameters);
        }
        return super.beginFieldFetch(parameters, state);
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
                                                                        InstrumentationExecutionParameters parameters,
                                                                        InstrumentationState state) {
        Execution execution = (Execution) state;
        CacheKey key = CacheKey.of(parameters.getExecutionInput());
        if (execution.cacheable && result.isDataPresent() && result.getErrors().isEmpty()) {
            byte[] body = SmallRyeGraphQL.answerBytes(result);
            cache.store(key, execution.readIn, execution.dependence.tables(), execution.dependence.rows(),
                    execution.dependence.holds(), body);
        }
        cache.computed(key);
        return CompletableFuture.completedFuture(result);
    }
}
