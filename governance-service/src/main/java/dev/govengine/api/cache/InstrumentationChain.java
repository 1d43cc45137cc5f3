package dev.govengine.api.cache;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.DocumentAndVariables;
import graphql.execution.instrumentation.ExecuteObjectInstrumentationContext;
import graphql.execution.instrumentation.ExecutionStrategyInstrumentationContext;
import graphql.execution.instrumentation.FieldFetchingInstrumentationContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionStrategyParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Document;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * graphql-java's {@link ChainedInstrumentation}, asked at an object's or a field's execution, fetch and completion
 * only when one of its members does something there. The chain asks every member at each of these hooks of every
 * field, and a member that does nothing still answers with a context (graphql-java's default, and
 * {@link SimplePerformantInstrumentation}'s), which the chain wraps and collects in lists: with SmallRye's query cache
 * and the API's limits, none of which does anything per field but the time limit's fetcher, that was about a sixth of
 * what the event loops allocated on an uncached proposal page. Which member does something at a hook is read once,
 * from the class that declares the hook: graphql-java's interface and SimplePerformantInstrumentation do nothing.
 * Everything else, and a hook a member does implement, goes to the chain as it is, with its state.
 */
public final class InstrumentationChain implements Instrumentation {
    /** graphql-java's classes whose hooks do nothing: the interface's defaults and "an implementation that does nothing". */
    private static final Set<Class<?>> PASSIVE = Set.of(Instrumentation.class, SimplePerformantInstrumentation.class);

    private final List<Instrumentation> members;
    private final ChainedInstrumentation chain;
    private final Set<String> perFieldHooks;
    private final boolean executeObject;
    private final boolean fieldExecution;
    private final boolean fieldFetching;
    private final boolean fieldCompletion;
    private final boolean fieldListCompletion;
    private final boolean dataFetcher;

    InstrumentationChain(List<Instrumentation> members) {
        this.members = List.copyOf(members);
        chain = new ChainedInstrumentation(this.members);
        Set<String> hooks = new TreeSet<>();
        addIfImplemented(hooks, "beginExecuteObject", InstrumentationExecutionStrategyParameters.class);
        addIfImplemented(hooks, "beginFieldExecution", InstrumentationFieldParameters.class);
        addIfImplemented(hooks, "beginFieldFetching", InstrumentationFieldFetchParameters.class);
        if (anyImplements("beginFieldFetch", InstrumentationFieldFetchParameters.class)) {
            // graphql-java's default beginFieldFetching asks beginFieldFetch.
            hooks.add("beginFieldFetching");
        }
        addIfImplemented(hooks, "beginFieldCompletion", InstrumentationFieldCompleteParameters.class);
        addIfImplemented(hooks, "beginFieldListCompletion", InstrumentationFieldCompleteParameters.class);
        addIfImplemented(hooks, "instrumentDataFetcher", DataFetcher.class, InstrumentationFieldFetchParameters.class);
        perFieldHooks = Set.copyOf(hooks);
        executeObject = hooks.contains("beginExecuteObject");
        fieldExecution = hooks.contains("beginFieldExecution");
        fieldFetching = hooks.contains("beginFieldFetching");
        fieldCompletion = hooks.contains("beginFieldCompletion");
        fieldListCompletion = hooks.contains("beginFieldListCompletion");
        dataFetcher = hooks.contains("instrumentDataFetcher");
    }

    private void addIfImplemented(Set<String> hooks, String hook, Class<?>... parameters) {
        if (anyImplements(hook, parameters)) {
            hooks.add(hook);
        }
    }

    private boolean anyImplements(String hook, Class<?>... parameters) {
        Class<?>[] withState = new Class<?>[parameters.length + 1];
        System.arraycopy(parameters, 0, withState, 0, parameters.length);
        withState[parameters.length] = InstrumentationState.class;
        for (Instrumentation member : members) {
            try {
                if (!PASSIVE.contains(member.getClass().getMethod(hook, withState).getDeclaringClass())) {
                    return true;
                }
            } catch (NoSuchMethodException renamed) {
                throw new IllegalStateException("graphql-java's Instrumentation has no " + hook + " any more", renamed);
            }
        }
        return false;
    }

    /** The members, in the order the chain asks them. */
    public List<Instrumentation> members() {
        return members;
    }

    /** The per-field and per-object hooks the chain is asked at: those some member implements. */
    public Set<String> perFieldHooks() {
        return perFieldHooks;
    }

    @Override
    public ExecuteObjectInstrumentationContext beginExecuteObject(InstrumentationExecutionStrategyParameters parameters,
            InstrumentationState state) {
        return executeObject ? chain.beginExecuteObject(parameters, state) : null;
    }

    @Override
    public InstrumentationContext<Object> beginFieldExecution(InstrumentationFieldParameters parameters,
            InstrumentationState state) {
        return fieldExecution ? chain.beginFieldExecution(parameters, state) : null;
    }

    @Override
    public FieldFetchingInstrumentationContext beginFieldFetching(InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        return fieldFetching ? chain.beginFieldFetching(parameters, state) : null;
    }

    @Override
    public InstrumentationContext<Object> beginFieldCompletion(InstrumentationFieldCompleteParameters parameters,
            InstrumentationState state) {
        return fieldCompletion ? chain.beginFieldCompletion(parameters, state) : null;
    }

    @Override
    public InstrumentationContext<Object> beginFieldListCompletion(InstrumentationFieldCompleteParameters parameters,
            InstrumentationState state) {
        return fieldListCompletion ? chain.beginFieldListCompletion(parameters, state) : null;
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        return dataFetcher ? chain.instrumentDataFetcher(fetcher, parameters, state) : fetcher;
    }

    @Override
    public CompletableFuture<InstrumentationState> createStateAsync(InstrumentationCreateStateParameters parameters) {
        return chain.createStateAsync(parameters);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecution(InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        return chain.beginExecution(parameters, state);
    }

    @Override
    public InstrumentationContext<Document> beginParse(InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        return chain.beginParse(parameters, state);
    }

    @Override
    public InstrumentationContext<List<ValidationError>> beginValidation(InstrumentationValidationParameters parameters,
            InstrumentationState state) {
        return chain.beginValidation(parameters, state);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        return chain.beginExecuteOperation(parameters, state);
    }

    @Override
    public ExecutionStrategyInstrumentationContext beginExecutionStrategy(
            InstrumentationExecutionStrategyParameters parameters, InstrumentationState state) {
        return chain.beginExecutionStrategy(parameters, state);
    }

    @Override
    public InstrumentationContext<Object> beginDeferredField(InstrumentationState state) {
        return chain.beginDeferredField(state);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginSubscribedFieldEvent(InstrumentationFieldParameters parameters,
            InstrumentationState state) {
        return chain.beginSubscribedFieldEvent(parameters, state);
    }

    @Override
    public ExecutionInput instrumentExecutionInput(ExecutionInput input, InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        return chain.instrumentExecutionInput(input, parameters, state);
    }

    @Override
    public DocumentAndVariables instrumentDocumentAndVariables(DocumentAndVariables documentAndVariables,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        return chain.instrumentDocumentAndVariables(documentAndVariables, parameters, state);
    }

    @Override
    public GraphQLSchema instrumentSchema(GraphQLSchema schema, InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        return chain.instrumentSchema(schema, parameters, state);
    }

    @Override
    public ExecutionContext instrumentExecutionContext(ExecutionContext context,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        return chain.instrumentExecutionContext(context, parameters, state);
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        return chain.instrumentExecutionResult(result, parameters, state);
    }
}
