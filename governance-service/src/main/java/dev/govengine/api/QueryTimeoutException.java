package dev.govengine.api;

import io.smallrye.graphql.api.ErrorCode;

/** A field was still loading when the query's time (gov.api.timeout) ran out. */
@ErrorCode("TIMEOUT")
public class QueryTimeoutException extends ApiException {
    public QueryTimeoutException(String message) {
        super(message);
    }
}
