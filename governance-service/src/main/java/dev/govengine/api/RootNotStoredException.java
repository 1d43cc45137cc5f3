package dev.govengine.api;

import io.smallrye.graphql.api.ErrorCode;

/** The distributor's live root is not one this service computed and stored, so it has no proof that would verify. */
@ErrorCode("ROOT_NOT_STORED")
public class RootNotStoredException extends ApiException {
    public RootNotStoredException(String message) {
        super(message);
    }
}
