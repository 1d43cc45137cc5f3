package dev.govengine.api;

import dev.govengine.chain.RpcException;
import dev.govengine.rewards.lifecycle.EpochNotReadyException;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.graphql.api.ErrorCode;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The refusals of the REST resources (the operator endpoints), each a JSON object {@code {code, message}} with the
 * status its code stands for. The resources throw; nothing else builds an error answer.
 */
public class OperatorErrors {
    private static final Logger LOG = Logger.getLogger(OperatorErrors.class);

    /** An error answer's body. */
    public record Refusal(String code, String message) {
    }

    @Inject
    OperatorAuthentication authentication;

    /** A bearer token that is not the operator's (a request with none is answered before JAX-RS). */
    @ServerExceptionMapper
    public RestResponse<Refusal> unauthenticated(AuthenticationFailedException refusal) {
        return authentication.challenge();
    }

    /** The API's own refusals carry their code (the one GraphQL shows in {@code extensions}). */
    @ServerExceptionMapper
    public RestResponse<Refusal> refused(ApiException refusal) {
        String code = refusal.getClass().getAnnotation(ErrorCode.class).value();
        return answer(switch (code) {
            case "NOT_FOUND" -> 404;
            case "LIMIT_EXCEEDED" -> 413;
            case "UNAVAILABLE", "TIMEOUT" -> 503;
            default -> 400;
        }, code, refusal.getMessage());
    }

    /** A lifecycle step that does not start from the epoch's status, or a replica without the epoch lock. */
    @ServerExceptionMapper
    public RestResponse<Refusal> conflict(IllegalStateException refusal) {
        return answer(409, "CONFLICT", refusal.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<Refusal> badInput(IllegalArgumentException refusal) {
        return answer(400, "BAD_INPUT", refusal.getMessage());
    }

    /** What the request needs is not there yet (a deployment, an indexed policy) or cannot be reached (a node). */
    @ServerExceptionMapper({EpochNotReadyException.class, RpcException.class})
    public RestResponse<Refusal> unavailable(RuntimeException refusal) {
        return answer(503, "UNAVAILABLE", refusal.getMessage());
    }

    /** JAX-RS's own refusals: no such path (with the token), a method the path does not take. */
    @ServerExceptionMapper
    public RestResponse<Refusal> http(WebApplicationException refusal) {
        int status = refusal.getResponse().getStatus();
        return answer(status, switch (status) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> status >= 500 ? "INTERNAL" : "BAD_REQUEST";
        }, refusal.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<Refusal> failed(Exception failure, HttpServerRequest request) {
        String what = request.method() + " " + request.path();
        LOG.error(what + " failed", failure);
        return answer(500, "INTERNAL", what + " failed: " + failure.getMessage());
    }

    private static RestResponse<Refusal> answer(int status, String code, String message) {
        return RestResponse.ResponseBuilder.<Refusal>create(status).entity(new Refusal(code, message))
                .type(MediaType.APPLICATION_JSON).build();
    }
}
