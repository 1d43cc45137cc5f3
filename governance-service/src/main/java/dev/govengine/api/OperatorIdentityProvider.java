package dev.govengine.api;

import dev.govengine.config.EngineConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Who carries the operator's bearer token ({@link OperatorToken}, from {@code gov.operator.token-file}) is the
 * operator, with the role {@value #ROLE} that the operator paths require. Any other token fails authentication.
 */
@ApplicationScoped
public class OperatorIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    /** The role of the operator endpoints, in the HTTP permission on {@code /operator/*} and on each resource. */
    public static final String ROLE = "operator";

    private static final Logger LOG = Logger.getLogger(OperatorIdentityProvider.class);

    private final Optional<OperatorToken> token;

    @Inject
    OperatorIdentityProvider(EngineConfig config) {
        token = OperatorToken.of(config.operator());
    }

    void announce(@Observes StartupEvent start) {
        if (enabled()) {
            LOG.info("Operator endpoints on /operator/ (bearer token from gov.operator.token-file)");
        }
    }

    /** Whether the operator endpoints are on: {@code gov.operator.token-file} is set. */
    boolean enabled() {
        return token.isPresent();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        // The token file is looked at on every request, so that a changed or exposed file takes effect at once: file
        // I/O, off the event loop.
        return context.runBlocking(() -> {
            if (token.isEmpty() || !token.get().accepts(request.getToken().getToken())) {
                throw new AuthenticationFailedException("not the operator's token");
            }
            return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(ROLE)).addRole(ROLE)
                    .addCredential(request.getToken()).build();
        });
    }
}
