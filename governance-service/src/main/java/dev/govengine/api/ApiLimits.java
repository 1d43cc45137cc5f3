package dev.govengine.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.govengine.api.cache.SmallRyeGraphQL;
import dev.govengine.config.EngineConfig;
import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.analysis.QueryComplexityCalculator;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.ResultPath;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.language.Argument;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.Node;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.language.OperationDefinition;
import graphql.language.VariableReference;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLTypeUtil;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import graphql.validation.ValidationError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The API's limits inside graphql-java: maximum depth and complexity (LIMIT_EXCEEDED), a time budget per query
 * (TIMEOUT), and a code on every error. SmallRye GraphQL offers depth and complexity settings of its own
 * ({@code quarkus.smallrye-graphql.instrumentation-query-depth} and {@code -complexity}), but their refusals carry no
 * {@code extensions.code}, so the same graphql-java instrumentations are installed here with refusals that do.
 * They are added to SmallRye's own chain, in the same flat chain ({@link SmallRyeGraphQL#appendInstrumentations}),
 * when it builds its GraphQL instance (a CDI event, fired by {@link dev.govengine.api.cache.GraphQLBuildEvent}).
 */
@ApplicationScoped
public class ApiLimits {
    static final String BAD_INPUT = "BAD_INPUT";
    static final String LIMIT_EXCEEDED = "LIMIT_EXCEEDED";
    static final String INTERNAL = "INTERNAL";

    @Inject
    EngineConfig config;

    @Inject
    ListBounds bounds;

    void install(@Observes GraphQL.Builder builder) {
        EngineConfig.Api api = config.api();
        SmallRyeGraphQL.appendInstrumentations(builder,
                new ShapeLimits(api.maxDepth(), api.maxComplexity(), this::complexity, bounds),
                new OperationBudget(config.receipts().maxBatch(), api.maxClaims()),
                new TimeLimit(api.timeout()),
                new ErrorCodes());
    }

    /** A refusal before execution, which graphql-java reports as the error itself; it names its code. */
    static final class Refusal extends AbortExecutionException {
        Refusal(String message) {
            super(message);
        }

        @Override
        public Map<String, Object> getExtensions() {
            return Map.of("code", LIMIT_EXCEEDED);
        }
    }

    /**
     * Whether the operation asks only the schema about itself ({@code __schema}, {@code __type}), as GraphiQL's Docs
     * panel and every client's code generator do. Such a query is deeper than any data query (the standard one is 15
     * fields deep) and lists every type, so depth and complexity would refuse it; graphql-java's good-faith
     * introspection check bounds it instead (each of {@code __schema}, {@code __type} and the type fields at most once
     * per operation), whatever its shape.
     */
    static boolean introspectionOnly(ExecutionContext context) {
        OperationDefinition operation = context.getOperationDefinition();
        return operation.getOperation() == OperationDefinition.Operation.QUERY
                && operation.getSelectionSet().getSelections().stream()
                        .allMatch(selection -> selection instanceof Field field && field.getName().startsWith("__"));
    }

    /**
     * Depth and complexity, which graphql-java computes by walking the whole document (each walk about 6.5 % of what an
     * uncached proposal page allocated). Both depend only on the document, the operation, the values of the variables
     * in the arguments the complexity reads ({@link ListBounds#ARGUMENTS}) or in directives (skip, include), and the
     * list bounds; SmallRye's query cache hands every request with the same text the same parsed document, so a pass
     * is remembered with that document until the bounds next change. A refusal is computed again each time: it is
     * rare, and its message gives the numbers.
     */
    private static final class ShapeLimits extends SimplePerformantInstrumentation {
        /** As many documents as SmallRye's query cache keeps (io.smallrye.graphql.execution.queryCacheMaxSize). */
        private static final int DOCUMENTS = 2048;
        /** Variable values remembered per document: a client that varies first or the Governor makes more. */
        private static final int PASSES_PER_DOCUMENT = 256;

        private final int maxDepth;
        private final int maxComplexity;
        private final FieldComplexityCalculator calculator;
        private final ListBounds bounds;
        /** Keyed by the parsed document itself (graphql-java's nodes are equal only to themselves). */
        private final Cache<Document, Passes> documents = Caffeine.newBuilder().weakKeys().maximumSize(DOCUMENTS)
                .build();

        ShapeLimits(int maxDepth, int maxComplexity, FieldComplexityCalculator calculator, ListBounds bounds) {
            this.maxDepth = maxDepth;
            this.maxComplexity = maxComplexity;
            this.calculator = calculator;
            this.bounds = bounds;
        }

        private record Pass(String operation, Map<String, Object> values, ListBounds.Generation bounds) {
        }

        /** The variables of one document that the limits read, and the passes seen. */
        private static final class Passes {
            final Set<String> variables;
            final Set<Pass> seen = ConcurrentHashMap.newKeySet();

            Passes(Document document) {
                variables = variablesRead(document);
            }

            Pass of(ExecutionContext execution, ListBounds.Generation generation) {
                Map<String, Object> values = new HashMap<>();
                for (String name : variables) {
                    values.put(name, execution.getCoercedVariables().get(name));
                }
                return new Pass(execution.getExecutionInput().getOperationName(), values, generation);
            }

            void remember(Pass pass) {
                if (seen.size() >= PASSES_PER_DOCUMENT) {
                    seen.clear();
                }
                seen.add(pass);
            }
        }

        static Set<String> variablesRead(Document document) {
            Set<String> names = new HashSet<>();
            new NodeTraverser().depthFirst(new NodeVisitorStub() {
                @Override
                public TraversalControl visitVariableReference(VariableReference variable,
                        TraverserContext<Node> context) {
                    for (TraverserContext<Node> at = context; at != null; at = at.getParentContext()) {
                        if (at.thisNode() instanceof Argument argument) {
                            if (at.getParentNode() instanceof Directive
                                    || ListBounds.ARGUMENTS.contains(argument.getName())) {
                                names.add(variable.getName());
                            }
                            break;
                        }
                    }
                    return TraversalControl.CONTINUE;
                }
            }, document);
            return Set.copyOf(names);
        }

        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(
                InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
            ExecutionContext execution = parameters.getExecutionContext();
            if (introspectionOnly(execution)) {
                return SimpleInstrumentationContext.noOp();
            }
            Passes passes = documents.get(execution.getDocument(), Passes::new);
            Pass pass = passes.of(execution, bounds.generation());
            if (!passes.seen.contains(pass)) {
                check(execution);
                passes.remember(pass);
            }
            return SimpleInstrumentationContext.noOp();
        }

        /** As graphql-java's MaxQueryDepthInstrumentation and MaxQueryComplexityInstrumentation count them. */
        private void check(ExecutionContext execution) {
            int depth = QueryTraverser.newQueryTraverser()
                    .schema(execution.getGraphQLSchema())
                    .document(execution.getDocument())
                    .operationName(execution.getExecutionInput().getOperationName())
                    .coercedVariables(execution.getCoercedVariables())
                    .build()
                    .reducePreOrder((QueryVisitorFieldEnvironment field, Integer deepest) -> {
                        int fields = 1;
                        for (QueryVisitorFieldEnvironment at = field.getParentEnvironment(); at != null;
                                at = at.getParentEnvironment()) {
                            fields++;
                        }
                        return Math.max(fields, deepest);
                    }, 0);
            if (depth > maxDepth) {
                throw new Refusal("the query is " + depth + " fields deep; the maximum depth is " + maxDepth);
            }
            int complexity = QueryComplexityCalculator.newCalculator()
                    .fieldComplexityCalculator(calculator)
                    .schema(execution.getGraphQLSchema())
                    .document(execution.getDocument())
                    .operationName(execution.getExecutionInput().getOperationName())
                    .variables(execution.getCoercedVariables())
                    .build()
                    .calculate();
            if (complexity > maxComplexity) {
                throw new Refusal("the query's complexity is " + complexity + "; the maximum is " + maxComplexity
                        + " (a list's selections count once per item it may return: first, or the list's bound)");
            }
        }
    }

    /**
     * A field costs one plus its selections; a field returning up to n items counts its selections n times: n is
     * {@code first} for a connection (at most the maximum page size, which the resolver enforces), and the bound ListBounds knows for a list without {@code first}. A list of
     * objects ListBounds does not know counts as a full page, so a list added to the schema is never free. A field that
     * reads rows beyond an index to answer (a proposal count under a state filter) adds them (ListBounds.scanned).
     */
    private int complexity(FieldComplexityEnvironment environment, int childComplexity) {
        Object first = ListBounds.argument(environment, "first");
        int items;
        if (first instanceof Integer count) {
            // A page larger than the maximum is the resolver's refusal to make, naming the page size: priced at the
            // maximum here, so that the complexity limit does not blame it first.
            items = Math.min(count, config.api().maxPageSize());
        } else {
            OptionalInt bound = bounds.items(environment);
            items = bound.isPresent() ? bound.getAsInt()
                    : GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(environment.getFieldDefinition().getType()))
                    ? config.api().maxPageSize() : 1;
        }
        long cost = 1L + (long) Math.max(items, 1) * childComplexity + bounds.scanned(environment);
        return (int) Math.min(cost, Integer.MAX_VALUE);
    }

    /**
     * Limits that count across the whole operation, so that aliases do not multiply them: every receipt of every
     * {@code submitWorkReceipts} (gov.receipts.max-batch), and every {@code claim} field, each of which costs
     * eth_calls (gov.api.max-claims). Fields in fragments count once per place they are spread.
     */
    private static final class OperationBudget extends SimplePerformantInstrumentation {
        private final int maxReceipts;
        private final int maxClaims;

        OperationBudget(int maxReceipts, int maxClaims) {
            this.maxReceipts = maxReceipts;
            this.maxClaims = maxClaims;
        }

        @Override
        public InstrumentationContext<ExecutionResult> beginExecuteOperation(
                InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
            ExecutionContext execution = parameters.getExecutionContext();
            String document = execution.getExecutionInput().getQuery();
            // A field is selected by its name, so a document without either name selects neither: the walk below,
            // about 6 % of what an uncached proposal page allocated, is left to the few operations that might.
            if (!document.contains("claim") && !document.contains("submitWorkReceipts")) {
                return super.beginExecuteOperation(parameters, state);
            }
            long[] receipts = {0};
            int[] claims = {0};
            QueryTraverser.newQueryTraverser()
                    .schema(execution.getGraphQLSchema())
                    .document(execution.getDocument())
                    .operationName(execution.getExecutionInput().getOperationName())
                    .coercedVariables(execution.getCoercedVariables())
                    .build()
                    .visitPreOrder(new QueryVisitorStub() {
                        @Override
                        public void visitField(QueryVisitorFieldEnvironment field) {
                            String parent = GraphQLTypeUtil.unwrapAll(field.getParentType()).getName();
                            String name = field.getFieldDefinition().getName();
                            if (parent.equals("Mutation") && name.equals("submitWorkReceipts")
                                    && field.getArguments().get("receipts") instanceof List<?> list) {
                                receipts[0] += list.size();
                            } else if (parent.equals("Query") && name.equals("claim")) {
                                claims[0]++;
                            }
                        }
                    });
            if (receipts[0] > maxReceipts) {
                throw new Refusal(receipts[0] + " receipts in one operation, counting every submitWorkReceipts in it;"
                        + " at most " + maxReceipts + " (gov.receipts.max-batch)");
            }
            if (claims[0] > maxClaims) {
                throw new Refusal(claims[0] + " claim fields in one operation; at most " + maxClaims
                        + " (gov.api.max-claims)");
            }
            return super.beginExecuteOperation(parameters, state);
        }
    }

    /**
     * The query's time budget, from the moment graphql-java starts on it. A field still loading when it runs out
     * fails with TIMEOUT; fields that completed keep their data. Subscriptions are exempt: their fields resolve for
     * each event, long after the subscription started. So are trivial fetchers (a property of a parent already
     * loaded): they load nothing, and unwrapped they let graphql-java skip building their DataFetchingEnvironment.
     * One timer per query, armed by its first field that loads and cancelled when the query completes: a timer per
     * field scheduled and cancelled a task, and woke the timer's thread, for every field of every page.
     */
    static final class TimeLimit extends SimplePerformantInstrumentation {
        /** One daemon thread for every query's deadline; a cancelled deadline leaves its queue at once. */
        static final ScheduledThreadPoolExecutor TIMER = timer();

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "graphql-query-deadline");
                thread.setDaemon(true);
                return thread;
            });
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }

        private final Duration budget;

        TimeLimit(Duration budget) {
            this.budget = budget;
        }

        private final class Deadline implements InstrumentationState {
            final long nanos = System.nanoTime() + budget.toNanos();
            /** Fails with the timeout when the budget runs out; the fields still loading follow it. */
            final CompletableFuture<Void> expired = new CompletableFuture<>();
            private ScheduledFuture<?> timer;
            private boolean completed;

            synchronized void arm(long remaining) {
                if (timer == null && !completed) {
                    timer = TIMER.schedule(() -> expired.completeExceptionally(timeout()), remaining,
                            TimeUnit.NANOSECONDS);
                }
            }

            synchronized void disarm() {
                completed = true;
                if (timer != null) {
                    timer.cancel(false);
                }
            }
        }

        @Override
        public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
            return new Deadline();
        }

        @Override
        public InstrumentationContext<ExecutionResult> beginExecution(InstrumentationExecutionParameters parameters,
                InstrumentationState state) {
            return state instanceof Deadline deadline
                    ? SimpleInstrumentationContext.whenCompleted((result, failure) -> deadline.disarm())
                    : SimpleInstrumentationContext.noOp();
        }

        @Override
        public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
                InstrumentationState state) {
            if (parameters.isTrivialDataFetcher() || !(state instanceof Deadline deadline)
                    || parameters.getExecutionContext().getOperationDefinition().getOperation()
                    == OperationDefinition.Operation.SUBSCRIPTION) {
                return fetcher;
            }
            return environment -> {
                long remaining = deadline.nanos - System.nanoTime();
                if (remaining <= 0) {
                    throw timeout();
                }
                Object result = fetcher.get(environment);
                if (!(result instanceof CompletionStage<?> stage)) {
                    return result;
                }
                deadline.arm(remaining);
                CompletableFuture<Object> bounded = new CompletableFuture<>();
                stage.whenComplete((value, failure) -> {
                    if (failure != null) {
                        bounded.completeExceptionally(failure);
                    } else {
                        bounded.complete(value);
                    }
                });
                deadline.expired.whenComplete((never, timedOut) -> bounded.completeExceptionally(timeout()));
                return bounded;
            };
        }

        private QueryTimeoutException timeout() {
            return new QueryTimeoutException("the query ran out of its " + budget + " time budget");
        }
    }

    /**
     * Puts a code on errors that have none: the parser's and validator's (BAD_INPUT: the document does not fit the
     * schema), and unexpected failures in a field (INTERNAL). API refusals already carry theirs. An INTERNAL error is
     * a bug: it is logged here once, with its stack trace and an error id that its {@code extensions.errorId} also
     * carries, so that a user's report leads to the log line.
     */
    private static final class ErrorCodes extends SimplePerformantInstrumentation {
        private static final Logger LOG = Logger.getLogger(ErrorCodes.class);
        private static final Pattern JAVA_CLASS_OF_VALUE = Pattern.compile("but it was an? '([A-Za-z]+)'");

        @Override
        public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
                InstrumentationExecutionParameters parameters, InstrumentationState state) {
            if (result.getErrors().stream().allMatch(ErrorCodes::hasCode)) {
                return CompletableFuture.completedFuture(result);
            }
            List<GraphQLError> coded = result.getErrors().stream().map(ErrorCodes::coded).toList();
            return CompletableFuture.completedFuture(result.transform(builder -> builder.errors(coded)));
        }

        private static boolean hasCode(GraphQLError error) {
            if (error instanceof ExceptionWhileDataFetching fetching) {
                for (Throwable cause = fetching.getException(); cause != null; cause = cause.getCause()) {
                    if (cause instanceof ApiException) {
                        return true;
                    }
                }
                return false;
            }
            return error.getExtensions() != null && error.getExtensions().containsKey("code");
        }

        private static GraphQLError coded(GraphQLError error) {
            if (hasCode(error)) {
                return error;
            }
            if (error instanceof ExceptionWhileDataFetching fetching) {
                String errorId = errorId();
                LOG.errorf(fetching.getException(), "GraphQL field %s failed (error id %s)", fetching.getPath(),
                        errorId);
                // Keeps SmallRye's message, which hides an unexpected exception's own text from the caller.
                return new ExceptionWhileDataFetching(fetching.getPath() == null ? null
                        : ResultPath.fromList(fetching.getPath()), fetching.getException(),
                        fetching.getLocations() == null || fetching.getLocations().isEmpty() ? null
                                : fetching.getLocations().get(0)) {
                    @Override
                    public String getMessage() {
                        return fetching.getMessage();
                    }

                    @Override
                    public Map<String, Object> getExtensions() {
                        return withErrorId(withCode(super.getExtensions(), INTERNAL), errorId);
                    }
                };
            }
            if (error instanceof ValidationError validation) {
                return ValidationError.newValidationError()
                        .validationErrorType(validation.getValidationErrorType())
                        .sourceLocations(validation.getLocations())
                        .description(validation.getDescription())
                        .queryPath(validation.getQueryPath())
                        .extensions(withCode(validation.getExtensions(), BAD_INPUT))
                        .build();
            }
            ErrorClassification type = error.getErrorType();
            boolean badInput = type == ErrorType.InvalidSyntax || type == ErrorType.ValidationError;
            Map<String, Object> extensions = withCode(error.getExtensions(), badInput ? BAD_INPUT : INTERNAL);
            if (!badInput) {
                String errorId = errorId();
                LOG.errorf("GraphQL request failed at %s: %s (error id %s)", error.getPath(), error.getMessage(), errorId);
                extensions = withErrorId(extensions, errorId);
            }
            return GraphqlErrorBuilder.newError()
                    .message(withJsonKinds(error.getMessage()))
                    .locations(error.getLocations())
                    .path(error.getPath())
                    .errorType(type)
                    .extensions(extensions)
                    .build();
        }

        /**
         * graphql-java names a variable's wrong value by its Java class ("Expected a String input, but it was a
         * 'BigDecimal'"); the caller sent JSON, so the message names the JSON kind instead.
         */
        static String withJsonKinds(String message) {
            Matcher javaClass = JAVA_CLASS_OF_VALUE.matcher(message);
            return javaClass.replaceAll(found -> "but it was " + switch (found.group(1)) {
                case "BigDecimal", "BigInteger", "Integer", "Long", "Double", "Float", "Short", "Byte" -> "a number";
                case "Boolean" -> "a boolean";
                case "String" -> "a string";
                default -> found.group(1).endsWith("List") ? "a list"
                        : found.group(1).endsWith("Map") ? "an object" : "a value of another type";
            });
        }

        private static String errorId() {
            return UUID.randomUUID().toString();
        }

        private static Map<String, Object> withErrorId(Map<String, Object> extensions, String errorId) {
            Map<String, Object> identified = new HashMap<>(extensions);
            identified.put("errorId", errorId);
            return identified;
        }

        private static Map<String, Object> withCode(Map<String, Object> extensions, String code) {
            Map<String, Object> coded = extensions == null ? new HashMap<>() : new HashMap<>(extensions);
            coded.put("code", code);
            return coded;
        }
    }
}
