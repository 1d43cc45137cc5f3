package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.govengine.api.cache.CacheableAnswers;
import dev.govengine.api.cache.InstrumentationChain;
import dev.govengine.api.cache.SmallRyeGraphQL;
import dev.govengine.testing.ResponseCacheOn;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.parser.Parser;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.graphql.execution.ExecutionService;
import io.smallrye.graphql.execution.QueryCache;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each assumption {@link SmallRyeGraphQL} makes of SmallRye GraphQL's internals, checked against the SmallRye this
 * service runs with, so that an upgrade that breaks one fails here with the internal it broke named, rather than as a
 * slower service, an error without a code, or a cached answer unlike the one SmallRye sends. With the response cache
 * on, so that its route is in place.
 */
@QuarkusTest
@TestProfile(ResponseCacheOn.class)
class SmallRyeAdapterTest {
    private static final String UPGRADE = " (a SmallRye GraphQL internal that SmallRyeGraphQL assumes no longer holds)";

    @Inject
    PlainFieldFetchers plainFieldFetchers;

    @Inject
    DefaultFieldVisibility fieldVisibility;

    @Inject
    ResolverSelections resolverSelections;

    @Inject
    MeterRegistry metrics;

    @Inject
    GraphQLBuildAtStart buildAtStart;

    @Inject
    ExecutionService executionService;

    /**
     * The cache serves nothing until its LISTEN connection is up: a query is sent until it is answered from it. The
     * wait is long because a service that has just started, on a loaded machine, answers its first queries slowly.
     */
    @BeforeEach
    void awaitTheCache() throws InterruptedException {
        String body = json("{ warmUp: governors { id } }");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        double hits = hits();
        while (hits() == hits) {
            if (System.nanoTime() > deadline) {
                fail("no repeated query was answered from the cache within a minute: the cache never listened, or "
                        + "CachedAnswerRoute does not run ahead of SmallRye's execution route "
                        + "(SmallRyeGraphQLExecutionHandler): SmallRyeGraphQL.CACHED_ANSWER_ORDER" + UPGRADE);
            }
            post(given().contentType(ContentType.JSON).accept(ContentType.JSON), body);
            Thread.sleep(20);
        }
    }

    @Test
    void smallRyeBuildsItsGraphQLInstanceForAnExecutionOutsideHttp() throws Exception {
        String answer = buildAtStart.answered().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals("Query", new JsonObject(answer).getJsonObject("data").getString("__typename"), "SmallRye's "
                + "ExecutionService.execute(JsonObject) did not answer a query given it outside an HTTP request, so "
                + "GraphQLBuildAtStart builds nothing at start" + UPGRADE);
    }

    /**
     * SmallRye's instrumentations and the API's run in one chain, in the order installed: SmallRye's query cache
     * first, the API's limits and error codes, the response cache last (it stores the answer as the others leave it).
     * Per field the chain is asked only where a member does something: the response cache notes each fetch, the time
     * limit bounds each fetcher; SmallRye's query cache and the other limits do nothing there. Read from the GraphQL
     * instance SmallRye serves with.
     */
    @Test
    void smallRyesInstrumentationsAndTheApisRunInOneFlatChain() throws Exception {
        Instrumentation installed = servingGraphQL().getInstrumentation();
        assertEquals(InstrumentationChain.class, installed.getClass(), "the GraphQL instance SmallRye serves with "
                + "does not have the API's chain of instrumentations: SmallRyeGraphQL.appendInstrumentations" + UPGRADE);
        InstrumentationChain chain = (InstrumentationChain) installed;
        assertEquals(List.of(QueryCache.class.getName(), ApiLimits.class.getName() + "$ShapeLimits",
                ApiLimits.class.getName() + "$OperationBudget", ApiLimits.TimeLimit.class.getName(),
                ApiLimits.class.getName() + "$ErrorCodes", CacheableAnswers.class.getName()),
                chain.members().stream().map(member -> member.getClass().getName()).toList(),
                "SmallRye's instrumentations (its QueryCache, in a ChainedInstrumentation) and the API's, side by side in "
                        + "one chain: SmallRyeGraphQL.appendInstrumentations" + UPGRADE);
        assertEquals(Set.of("beginFieldFetching", "instrumentDataFetcher"), chain.perFieldHooks(),
                "the per-field hooks the chain is asked at: CacheableAnswers.beginFieldFetch and "
                        + "ApiLimits.TimeLimit.instrumentDataFetcher, and no other (SmallRye's QueryCache, a "
                        + "SimpleInstrumentation, implements beginValidation alone)" + UPGRADE);
    }

    /**
     * SmallRye's query cache, asked through the chain, still keeps a document once it is validated, and never one that
     * failed validation.
     */
    @Test
    void smallRyesQueryCacheKeepsTheDocumentsItValidated() throws Exception {
        PreparsedDocumentProvider documents = servingGraphQL().getPreparsedDocumentProvider();
        String valid = "{ validated" + System.nanoTime() + ": governors { id } }";
        String invalid = "{ governors { noSuchField" + System.nanoTime() + " } }";
        assertEquals(200, post(given().contentType(ContentType.JSON), json(valid)).statusCode());
        assertEquals("BAD_INPUT", post(given().contentType(ContentType.JSON), json(invalid)).jsonPath()
                .getString("errors[0].extensions.code"));
        AtomicInteger parsed = new AtomicInteger();
        Function<ExecutionInput, PreparsedDocumentEntry> parse = input -> {
            parsed.incrementAndGet();
            return new PreparsedDocumentEntry(new Parser().parseDocument(input.getQuery()));
        };
        documents.getDocumentAsync(ExecutionInput.newExecutionInput(valid).build(), parse).get(10, TimeUnit.SECONDS);
        assertEquals(0, parsed.get(), "a validated document was not kept by SmallRye's QueryCache (its "
                + "PreparsedDocumentProvider, which keeps a document from its beginValidation hook)" + UPGRADE);
        documents.getDocumentAsync(ExecutionInput.newExecutionInput(invalid).build(), parse).get(10, TimeUnit.SECONDS);
        assertEquals(1, parsed.get(), "a document that failed validation was kept by SmallRye's QueryCache");
    }

    /** The GraphQL instance SmallRye serves with, once built: its private field {@code ExecutionService.graphQL}. */
    private GraphQL servingGraphQL() throws Exception {
        buildAtStart.answered().toCompletableFuture().get(60, TimeUnit.SECONDS);
        Field field = ExecutionService.class.getDeclaredField("graphQL");
        field.setAccessible(true);
        return (GraphQL) field.get(ClientProxy.unwrap(executionService));
    }

    @Test
    void smallRyeServesPlainFieldsWithItsFieldDataFetcher() {
        assertTrue(plainFieldFetchers.replaced() > 0, "no field of the schema is served by "
                + "io.smallrye.graphql.execution.datafetcher.FieldDataFetcher, so PlainFieldFetchers gave none "
                + "graphql-java's PropertyDataFetcher: SmallRyeGraphQL.isPlainFieldFetcher" + UPGRADE + ", or "
                + "SmallRye never gave GraphQLBuildEvent its builder (EventingService.beforeGraphQLBuild)" + UPGRADE);
    }

    @Test
    void smallRyeServesResolversWithItsAbstractDataFetcher() {
        assertTrue(resolverSelections.wrapped() > 0, "no field of the schema is served by SmallRye's "
                + "AbstractDataFetcher or BatchDataFetcher, so ResolverSelections spared none the copy of its selection: "
                + "SmallRyeGraphQL.isResolverFetcher" + UPGRADE);
    }

    @Test
    void smallRyeReadsTheDefaultFieldVisibilityAsAPattern() {
        assertTrue(fieldVisibility.replaced(), "SmallRye no longer reads quarkus.smallrye-graphql.field-visibility="
                + "default as graphql-java's BlockedFields: SmallRyeGraphQL.isDefaultVisibilityAsPattern" + UPGRADE
                + " (if it now gives the default visibility, DefaultFieldVisibility is no longer needed)");
    }

    @Test
    void theRequestGuardRunsBeforeSmallRyesExecutionRoute() {
        Response unparseable = post(given().contentType(ContentType.JSON), json("{ governors { id }"));
        assertEquals("BAD_INPUT", unparseable.jsonPath().getString("errors[0].extensions.code"),
                "SmallRye's execution route (SmallRyeGraphQLExecutionHandler) answered an unparseable document before "
                        + "GraphQLRequestGuard: SmallRyeGraphQL.GUARD_ORDER" + UPGRADE + "; answer: "
                        + unparseable.asString());
    }

    /**
     * A cached answer goes out with the status, content type and bytes SmallRye sent when it computed it, whatever the
     * Accept header; requests SmallRye refuses or answers in another charset are left to it.
     */
    @Test
    void aCachedAnswerGoesOutAsSmallRyeSentIt() {
        String[][] cases = {{"*/*", "cached"}, {"application/json", "cached"}, {"application/graphql+json", "cached"},
            {"application/graphql-response+json", "cached"}, {"application/json; charset=UTF-8", "cached"}, {"text/html, application/graphql+json", "cached"},
            {"text/html", "left to SmallRye"}, {"application/json; charset=ISO-8859-1", "left to SmallRye"}};
        for (int i = 0; i < cases.length; i++) {
            String accept = cases[i][0];
            boolean cached = cases[i][1].equals("cached");
            String body = json("{ accept" + i + ": governors { id } }");
            Response computed = post(given().contentType(ContentType.JSON).accept(accept), body);
            double hits = hits();
            Response again = post(given().contentType(ContentType.JSON).accept(accept), body);
            assertEquals(cached ? hits + 1 : hits, hits(), "Accept " + accept + " " + cases[i][1]
                    + ": SmallRyeGraphQL.answerContentType against SmallRyeGraphQLExecutionHandler" + UPGRADE);
            assertEquals(computed.statusCode(), again.statusCode(), "status, Accept " + accept);
            assertEquals(computed.contentType(), again.contentType(), "the content type SmallRyeGraphQLExecutionHandler "
                    + "derives from Accept " + accept + ": SmallRyeGraphQL.answerContentType" + UPGRADE);
            assertArrayEquals(computed.asByteArray(), again.asByteArray(), "the bytes SmallRye writes, Accept " + accept
                    + ": SmallRyeGraphQL.answerBytes (ExecutionResponse.getExecutionResultAsString)" + UPGRADE);
        }
    }

    @Test
    void aBareDocumentIsReadAsSmallRyeReadsIt() {
        String document = "{\r\n\tbare: governors {\r\n\t\tid\n\t}\n}";
        Response computed = postDocument(document);
        double hits = hits();
        Response again = postDocument(document);
        assertEquals(hits + 1, hits(), "an application/graphql body with line breaks and tabs, answered from the cache "
                + "only if SmallRyeGraphQL.bareDocument reads it as SmallRyeGraphQLExecutionHandler does" + UPGRADE);
        assertArrayEquals(computed.asByteArray(), again.asByteArray());
    }

    private static Response postDocument(String document) {
        return given().contentType("application/graphql").accept(ContentType.JSON)
                .body(document.getBytes(StandardCharsets.UTF_8)).when().post("/graphql");
    }

    private static Response post(RequestSpecification request, String body) {
        return request.body(body).when().post("/graphql");
    }

    private static String json(String document) {
        return new JsonObject().put("query", document).encode();
    }

    private double hits() {
        return metrics.get("gov.api.cache.hits").counter().count();
    }
}
