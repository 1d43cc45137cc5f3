package dev.govengine.api;

import io.smallrye.graphql.api.ErrorCode;

@ErrorCode("BAD_INPUT")
public class BadInputException extends ApiException {
    public BadInputException(String message) {
        super(message);
    }
}
