package dev.govengine.api;

import io.smallrye.graphql.api.ErrorCode;

@ErrorCode("BAD_ADDRESS")
public class BadAddressException extends ApiException {
    public BadAddressException(String message) {
        super(message);
    }
}
