package dev.govengine.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.govengine.api.cache.GraphQLPost;
import dev.govengine.api.cache.KnownRequests;
import dev.govengine.api.cache.SmallRyeGraphQL;
import dev.govengine.config.EngineConfig;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.parser.exceptions.ParseCancelledException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks a GraphQL request before SmallRye GraphQL sees it: a body that is not a GraphQL request (not JSON, no string
 * query, variables that are not an object) is HTTP 400 BAD_REQUEST, where SmallRye answered 200 without a code or a
 * 500 page; a document longer than gov.api.max-document-length is LIMIT_EXCEEDED, and one that does not parse is
 * BAD_INPUT with the parser's message. SmallRye parses the
 * document before graphql-java's instrumentation runs and answers a failure with a bare "Unparseable input
 * document", without a code; refusing here keeps the rule that every error carries one.
 * <p>
 * Documents that parsed are remembered by their text, so a repeated one is not parsed here again (SmallRye keeps its
 * own cache of parsed documents): wallets send the same few operations, and this parse was about a tenth of a
 * proposal page's CPU. A body the response cache read before, byte for byte ({@link KnownRequests}), passed this
 * check then and is let through without reading it again: a cache hit then parses nothing. Refused documents are not
 * remembered; each is parsed again and gets its own message. The metric {@code gov.api.document.parses} counts the
 * parses this guard runs.
 */
@ApplicationScoped
public class GraphQLRequestGuard {
    /** A request that is not a GraphQL request at all (HTTP 400), as opposed to a document that does not parse. */
    static final String BAD_REQUEST = "BAD_REQUEST";
    /** Characters of remembered documents: some thousands of wallet operations, a few megabytes at most. */
    private static final long PARSED_CHARACTERS = 4_000_000;

    private final Cache<String, Boolean> parsed = Caffeine.newBuilder()
            .maximumWeight(PARSED_CHARACTERS)
            .weigher((String document, Boolean ignored) -> document.length())
            .build();
    private final Counter parses;

    @Inject
    EngineConfig config;

    @Inject
    KnownRequests known;

    @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "graphql")
    String graphqlPath;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    @Inject
    public GraphQLRequestGuard(MeterRegistry registry) {
        parses = Counter.builder("gov.api.document.parses")
                .description("GraphQL documents parsed by the request guard, which skips those it parsed before")
                .register(registry);
    }

    void install(@Observes Router router) {
        String path = graphqlPath.startsWith("/") ? graphqlPath : "/" + graphqlPath;
        // Before SmallRye's routes (SmallRyeGraphQL.GUARD_ORDER). Quarkus's body handler on the GraphQL route then
        // finds the body already read.
        router.post(path).order(SmallRyeGraphQL.GUARD_ORDER)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodySize.asLongValue()))
                .handler(this::check);
    }

    private void check(RoutingContext context) {
        if (known.known(context)) {
            // The same bytes passed this check before, and nothing else decides it.
            context.next();
            return;
        }
        Optional<String> malformed = GraphQLPost.malformed(context);
        if (malformed.isPresent()) {
            refuse(context, 400, BAD_REQUEST, malformed.get(), null);
            return;
        }
        String document = GraphQLPost.document(context);
        if (document == null) {
            context.next();
            return;
        }
        int maxLength = config.api().maxDocumentLength();
        if (document.length() > maxLength) {
            refuse(context, 200, ApiLimits.LIMIT_EXCEEDED, "the query document is " + document.length()
                    + " characters long; the maximum is " + maxLength, null);
            return;
        }
        if (parsed.getIfPresent(document) != null) {
            context.next();
            return;
        }
        try {
            parses.increment();
            new Parser().parseDocument(ParserEnvironment.newParserEnvironment().document(document)
                    .parserOptions(ParserOptions.getDefaultOperationParserOptions()).build());
        } catch (ParseCancelledException e) {
            refuse(context, 200, ApiLimits.LIMIT_EXCEEDED, e.getMessage(), null);
            return;
        } catch (InvalidSyntaxException e) {
            refuse(context, 200, ApiLimits.BAD_INPUT, e.getMessage(), e.toInvalidSyntaxError().toSpecification());
            return;
        }
        parsed.put(document, Boolean.TRUE);
        context.next();
    }

    private static void refuse(RoutingContext context, int status, String code, String message,
            Map<String, Object> specification) {
        Map<String, Object> error = specification == null ? new HashMap<>() : new HashMap<>(specification);
        error.put("message", message);
        Map<String, Object> extensions = new HashMap<>();
        if (error.get("extensions") instanceof Map<?, ?> existing) {
            existing.forEach((key, value) -> extensions.put(key.toString(), value));
        }
        extensions.put("code", code);
        error.put("extensions", extensions);
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("errors", new JsonArray().add(new JsonObject(error))).encode());
    }
}
