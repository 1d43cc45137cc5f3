package dev.govengine.api.cache;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.schema.DataFetcher;
import graphql.schema.visibility.BlockedFields;
import graphql.schema.visibility.GraphqlFieldVisibility;
import io.quarkus.arc.InjectableContext;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.ExecutionResponseWriter;
import io.smallrye.graphql.execution.ExecutionService;
import io.smallrye.graphql.execution.datafetcher.AbstractDataFetcher;
import io.smallrye.graphql.execution.datafetcher.BatchDataFetcher;
import io.smallrye.graphql.execution.datafetcher.FieldDataFetcher;
import io.vertx.ext.web.MIMEHeader;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything this service assumes of SmallRye GraphQL's internals, in one place. None of it is SmallRye's public API,
 * so an upgrade may change any of it without notice; {@code SmallRyeAdapterTest} checks each assumption against the
 * SmallRye the service runs with and, when one no longer holds, fails naming it.
 * <ul>
 * <li>SmallRye loads the {@code EventingService}s named in {@code META-INF/services}, a service with no configuration
 * key always, and hands each the GraphQL builder before it builds its GraphQL instance
 * ({@link GraphQLBuildEvent}).</li>
 * <li>The builder it hands over holds its own instrumentations (its query cache) as one graphql-java
 * {@link ChainedInstrumentation}, whose members the API's join ({@link #appendInstrumentations}).</li>
 * <li>SmallRye reads {@code quarkus.smallrye-graphql.field-visibility} left at its default, "default", as a pattern of
 * fields to hide, a {@link BlockedFields} ({@link #isDefaultVisibilityAsPattern}).</li>
 * <li>A field that only reads a property of its parent is served by SmallRye's {@link FieldDataFetcher}
 * ({@code api.PlainFieldFetchers} swaps those for graphql-java's own).</li>
 * <li>A field with a resolver of its own is served by a subclass of SmallRye's {@link AbstractDataFetcher} or by its
 * {@link BatchDataFetcher}, which copy the field's selection into the request context from
 * {@code DataFetchingEnvironment.getSelectionSet()} ({@link #isResolverFetcher}; {@code api.ResolverSelections}).</li>
 * <li>Quarkus registers SmallRye's execution route on the GraphQL path without an explicit order (so a small one, by
 * insertion) and its WebSocket route at -99: a route at {@link #GUARD_ORDER} runs before both, and one at
 * {@link #CACHED_ANSWER_ORDER} after the guard and before the execution.</li>
 * <li>SmallRye's execution handler answers in the first type of the Accept header it takes (application/json,
 * application/graphql-response+json or application/graphql+json, with the charset it names), in
 * {@link #DEFAULT_CONTENT_TYPE} for none or a wildcard, and with 406 otherwise ({@link #answerContentType}).</li>
 * <li>It writes {@link ExecutionResponse#getExecutionResultAsString()} of the execution's result
 * ({@link #answerBytes}).</li>
 * <li>It reads a body of type application/graphql as the document with raw line feeds, carriage returns and tabs
 * turned into spaces ({@link #bareDocument}).</li>
 * <li>Its {@link ExecutionService} builds its GraphQL instance on its first execution, which may be one given as a
 * JSON object outside any HTTP request ({@code api.GraphQLBuildAtStart} runs one at start).</li>
 * <li>Its {@link ExecutionService}, a bean, executes a request given as the JSON object of a POST, without an HTTP
 * request, through the same instrumentations, given the context Quarkus's HTTP handler would give it ({@link
 * #execute}; {@code ResponseCacheTest} checks an answer computed so).</li>
 * </ul>
 */
public final class SmallRyeGraphQL {
    /**
     * The request guard's route: before SmallRye's execution route and its WebSocket route (-99), and before Quarkus's
     * HTTP authentication (-200). The GraphQL path is public and no answer depends on who asks, yet on every request
     * Quarkus's authentication set up a deferred identity, with a snapshot of the thread's contexts, and the REST
     * layer's metrics hook built a path matcher over every REST resource: a fifth of what a cached answer allocated.
     * A cached answer now goes out before them; a request that goes on to SmallRye passes them as before.
     */
    public static final int GUARD_ORDER = -220;
    /** The response cache's route: after the guard, which reads the body, and before SmallRye's execution route. */
    public static final int CACHED_ANSWER_ORDER = GUARD_ORDER + 5;
    /**
     * The response cache's route where a deployment puts an HTTP permission on the GraphQL path: after Quarkus's
     * authentication, so that a cached answer is never served to a request that permission refuses.
     */
    public static final int CACHED_ANSWER_AFTER_AUTHENTICATION_ORDER = -95;
    /** What SmallRye answers in when the request names no type, or a wildcard. */
    public static final String DEFAULT_CONTENT_TYPE = "application/graphql-response+json; charset=UTF-8";
    private static final List<String> ACCEPTED = List.of("application/json", "application/graphql-response+json",
            "application/graphql+json");

    private SmallRyeGraphQL() {
    }

    /** Whether SmallRye serves the field with {@code fetcher} only to read a property of the parent. */
    public static boolean isPlainFieldFetcher(DataFetcher<?> fetcher) {
        return fetcher instanceof FieldDataFetcher<?>;
    }

    /** Whether {@code fetcher} is SmallRye's for a field with a resolver method. */
    public static boolean isResolverFetcher(DataFetcher<?> fetcher) {
        return fetcher instanceof AbstractDataFetcher<?, ?> || fetcher instanceof BatchDataFetcher<?>;
    }

    /** Whether {@code visibility} is what SmallRye made of the field visibility "default": patterns to block. */
    public static boolean isDefaultVisibilityAsPattern(GraphqlFieldVisibility visibility) {
        return visibility instanceof BlockedFields;
    }

    /**
     * The content type SmallRye answers a request in, given its parsed Accept header: the first acceptable type it
     * lists, the default for a wildcard or none; null when SmallRye would refuse it (406) or answer in a charset other
     * than UTF-8, both of which are left to SmallRye.
     */
    public static String answerContentType(List<MIMEHeader> accepted) {
        if (accepted.isEmpty()) {
            return DEFAULT_CONTENT_TYPE;
        }
        for (MIMEHeader type : accepted) {
            String raw = type.rawValue();
            if (ACCEPTED.stream().anyMatch(raw::startsWith)) {
                String charset = type.parameter("charset");
                return charset == null || charset.equalsIgnoreCase("UTF-8") ? raw : null;
            }
            if (raw.startsWith("*/*")) {
                return DEFAULT_CONTENT_TYPE;
            }
        }
        return null;
    }

    /** The bytes SmallRye writes for {@code result}, in UTF-8. */
    public static byte[] answerBytes(ExecutionResult result) {
        return new ExecutionResponse(result).getExecutionResultAsString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Executes a query as SmallRye executes a POST's, with no HTTP request, on the caller's Vert.x context; {@code
     * ended} runs once the answer is written or the execution has failed.
     *
     * @param variables the variables as a JSON object
     */
    public static void execute(ExecutionService service, String document, String operationName, String variables,
            InjectableContext.ContextState requestState, Runnable ended) {
        JsonObjectBuilder request = Json.createObjectBuilder().add("query", document)
                .add("variables", Json.createReader(new StringReader(variables)).readObject());
        if (!operationName.isEmpty()) {
            request.add("operationName", operationName);
        }
        // What Quarkus's HTTP handler puts in the execution's context: its data fetchers read each key (runBlocking
        // unboxed, so it cannot be left out). Neither SmallRye nor Quarkus has a public way in but that handler, which
        // runs on the event loops serving HTTP, where the answers computed ahead must not run. The resolvers of this
        // service do not block (the read path is reactive), so they run where they are called, as for a POST.
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("runBlocking", Boolean.FALSE);
        metadata.put("httpHeaders", Map.of());
        metadata.put("state", requestState);
        service.executeAsync(request.build(), metadata, new ExecutionResponseWriter() {
            @Override
            public void write(ExecutionResponse response) {
                ended.run();
            }

            @Override
            public void fail(Throwable failure) {
                ended.run();
            }
        });
    }

    /**
     * Adds instrumentations after those the builder holds, in one flat chain that is asked per field only where a
     * member does something ({@link InstrumentationChain}): SmallRye's chain and the API's side by side. Each wrapped
     * in a chain of its own, graphql-java built the nested chain's contexts and lists once more for every field of
     * every request (15.7 % of what the event loops allocated on an uncached page). A chain is opened only if it is
     * graphql-java's own class or this one: a subclass may do more than ask its members in turn. Each member keeps its
     * own state, as the flat chain creates one per member.
     */
    public static void appendInstrumentations(GraphQL.Builder builder, Instrumentation... added) {
        Instrumentation present = builder.build().getInstrumentation();
        List<Instrumentation> members = new ArrayList<>();
        if (present instanceof InstrumentationChain ours) {
            members.addAll(ours.members());
        } else if (present.getClass() == ChainedInstrumentation.class) {
            members.addAll(((ChainedInstrumentation) present).getInstrumentations());
        } else {
            members.add(present);
        }
        members.addAll(List.of(added));
        builder.instrumentation(new InstrumentationChain(members));
    }

    /** The document SmallRye executes for a body of type application/graphql. */
    public static String bareDocument(String body) {
        return body.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }
}
