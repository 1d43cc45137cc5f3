package dev.govengine.api;

import io.smallrye.graphql.api.ErrorCode;

/** The request is well formed, but the service cannot serve it now (a feature off, or data not indexed yet). */
@ErrorCode("UNAVAILABLE")
public class UnavailableException extends ApiException {
    public UnavailableException(String message) {
        super(message);
    }
}
