package dev.govengine.api;

import io.smallrye.graphql.api.ErrorCode;

/** A request asks for more than the configured limits allow (gov.api.*); a smaller request would be served. */
@ErrorCode("LIMIT_EXCEEDED")
public class LimitExceededException extends ApiException {
    public LimitExceededException(String message) {
        super(message);
    }
}
