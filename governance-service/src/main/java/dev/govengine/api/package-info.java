/**
 * The service's HTTP surface: the GraphQL resources of the wallet API, and the routes beside them.
 *
 * <p>Depends on what it serves (the read services of {@code governance} and {@code governance.index}, {@code live},
 * {@code contributions}, {@code rewards.store}, {@code rewards.inputs}, {@code rewards.lifecycle},
 * {@code rewards.scoring}, {@code webhooks}) and on {@code api.cache}, {@code deployment}, {@code chain}, {@code config} and
 * {@code types}. Resources only parse inputs, call a service and shape the answer; the logic lives in the
 * {@code @ApplicationScoped} services below. The section "The wallet API" of docs/ARCHITECTURE.md has the queries,
 * their batching, limits and cache.
 *
 * <ul>
 * <li>GraphQL: {@link GovernanceResource}, {@link ProposalResource}, {@link VoteResource}, {@link AccountResource},
 *     {@link IndexerStatusResource}, {@link RewardResource} ({@code claim}, {@code rewards}, {@code rewardEpoch} and
 *     {@code rewardEpochs} from {@code rewards.store}; refusal ROOT_NOT_STORED besides the codes below) and
 *     {@link ReceiptResource} ({@code submitWorkReceipts}). The records named {@code *View}, {@code *Connection} and
 *     {@code *Edge} are the schema's types. The served schema must equal {@code graphql-schema/schema.graphql}
 *     ({@code SchemaContractTest}), and the tests send the files of {@code graphql-schema/operations/} as a wallet
 *     would.</li>
 * <li>Inputs and refusals: {@link ApiInputs} parses CAIP-10 governor ids (the address in any case) and decimal uint256
 *     ids. A refusal is an {@link ApiException} whose subclass carries the code in {@code extensions.code}:
 *     {@link BadAddressException} (BAD_ADDRESS), {@link BadInputException} (BAD_INPUT), {@link NotFoundException}
 *     (NOT_FOUND), {@link UnavailableException} (UNAVAILABLE, with its sync error for a configured governor that was
 *     never indexed, such as an address that is no Governor), {@link LimitExceededException},
 *     {@link QueryTimeoutException}. {@link KnownGovernors} names an unknown governor in one place; {@link Cursors}
 *     are the connections' keyset cursors.</li>
 * <li>Limits: {@link ApiLimits} (depth, complexity, the time budget, a code on every error) with {@link ListBounds},
 *     {@link StrictInt} (the specification's {@code Int}, so a wrong value is BAD_INPUT before any resolver runs),
 *     {@link GraphQLRequestGuard} (a route before SmallRye's), {@link RateLimiter} and {@link SubscriptionLimits};
 *     {@link PlainFieldFetchers} serves plain record fields with graphql-java's own property fetcher;
 *     {@link GraphQLBuildAtStart} has SmallRye build its GraphQL instance at start, off the event loops.</li>
 * <li>{@link GovernanceSubscriptions}: the subscriptions only parse and refuse; their events come from
 *     {@code live}.</li>
 * <li>Routes: {@link EpochInputsRoute} ({@code GET /epochs/{n}/inputs}); {@link GraphQLCors} answers browsers on
 *     {@code /graphql} ({@code gov.api.cors-origins}); {@link GraphQLWebSocketGuard} closes a WebSocket whose message
 *     the subprotocol does not define with 4400 and BAD_REQUEST; {@link GraphiQLStart} opens GraphiQL on a query for
 *     the first governor.</li>
 * <li>The NDJSON receipt upload, a JAX-RS resource (quarkus-rest) without credentials: {@link ReceiptUploadResource}
 *     ({@code POST /receipts}, read as it streams in, its lines split by {@link NdjsonLineSplitter}), with
 *     {@link ReceiptUploadLimit} giving it its own body bound beside Quarkus's global one.</li>
 * <li>The operator endpoints, JAX-RS resources too: {@link OperatorEpochResource},
 *     {@link ReceiptInvalidationResource} and {@link WebhookResource} (docs/ARCHITECTURE.md, "Webhooks"), behind
 *     quarkus-security ({@link OperatorAuthentication},
 *     {@link OperatorIdentityProvider}, {@link OperatorToken}, the role {@code operator}), with {@link OperatorErrors}
 *     mapping every refusal to {@code {code, message}}. OperatorToken is also the preflight's check of
 *     {@code gov.operator.token-file}.</li>
 * </ul>
 *
 * <p>{@code api.cache} holds the response cache. The routes in front of SmallRye's (the request guard, the cache) read
 * a POST as SmallRye does, through {@code api.cache.GraphQLPost}; what they assume of SmallRye's internals is in
 * {@code api.cache.SmallRyeGraphQL}.
 */
package dev.govengine.api;
