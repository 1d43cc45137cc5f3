package dev.govengine.api;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code Authorization: Bearer <token>} on the operator paths. The HTTP permission on {@code /operator/*}
 * (application.properties) asks for the operator's role before the path is matched or the body read, so a caller
 * without the token learns nothing, not even which paths or epochs exist (a 400 or 404 would tell): every such request
 * is answered 401 UNAUTHORIZED here, or, while {@code gov.operator.token-file} is unset and the operator endpoints are
 * off, 404 NOT_FOUND.
 *
 * <p>Authentication is not proactive (application.properties), so only the operator paths ever ask: an
 * {@code Authorization} header a wallet sends to the public API is never looked at.
 */
@ApplicationScoped
public class OperatorAuthentication implements HttpAuthenticationMechanism {
    private static final String SCHEME = "Bearer";
    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    @Inject
    OperatorIdentityProvider operator;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            return Uni.createFrom().optional(Optional.empty());
        }
        TokenCredential token = new TokenCredential(authorization.substring(SCHEME.length() + 1).trim(), "bearer");
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                new TokenAuthenticationRequest(token), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(operator.enabled() ? new ChallengeData(401, WWW_AUTHENTICATE, SCHEME)
                : new ChallengeData(404));
    }

    /** The challenge of a request with no token, with a body in the operator endpoints' shape. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        if (operator.enabled()) {
            context.response().putHeader(WWW_AUTHENTICATE, SCHEME);
        }
        context.response().setStatusCode(status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(JsonObject.mapFrom(refusal()).encode());
        return Uni.createFrom().item(true);
    }

    /**
     * The answer to a request without the operator's token ({@link #sendChallenge}), or with a wrong one, which
     * JAX-RS maps ({@link OperatorErrors}): 401 UNAUTHORIZED, or 404 NOT_FOUND while the endpoints are off.
     */
    RestResponse<OperatorErrors.Refusal> challenge() {
        RestResponse.ResponseBuilder<OperatorErrors.Refusal> answer = RestResponse.ResponseBuilder
                .<OperatorErrors.Refusal>create(status()).entity(refusal()).type(MediaType.APPLICATION_JSON);
        if (operator.enabled()) {
            answer.header(WWW_AUTHENTICATE, SCHEME);
        }
        return answer.build();
    }

    private int status() {
        return operator.enabled() ? 401 : 404;
    }

    private OperatorErrors.Refusal refusal() {
        return operator.enabled()
                ? new OperatorErrors.Refusal("UNAUTHORIZED", "a bearer token is required (gov.operator.token-file)")
                : new OperatorErrors.Refusal("NOT_FOUND",
                        "the operator endpoints are off: gov.operator.token-file is not set");
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }
}
