/**
 * What a Governor is and says, and the read services over its index: its events and its token's decoded, the calls that
 * ask it about a proposal, how a vote counts, a proposal's state, and the queries the API and the live events send.
 *
 * <p>Depends on {@code chain}, {@code persistence}, {@code config}, {@code types} and the generated wrappers, not on
 * {@code sync}: indexing the governors, which needs both, is {@code governance.index}, above it. So the API, the live
 * events, Mode B submission and epoch verification use the Governor's rules and the read services without pulling in
 * the indexer.
 *
 * <ul>
 * <li>{@link GovernanceLogDecoder}: Governor, token and timelock logs into {@link GovernanceEvent} records, each topic
 *     hash computed once.</li>
 * <li>{@link GovernorDiscovery}: a Governor's settings and wiring by eth_call ({@link GovernorInfo},
 *     {@link GovernorFamily}, {@link ClockMode}), so that an operator configures only its address.</li>
 * <li>{@link GovernorCalls} and {@link ProposalReading}: the calls that ask a Governor about a proposal, and its
 *     answers (docs/ARCHITECTURE.md, "Ask the chain").</li>
 * <li>{@link VoteSplit}: how a vote counts, fractional counting included.</li>
 * <li>{@link ProposalStateDeriver}: a proposal's state at the indexed head, the Governor's answer or OpenZeppelin 5's
 *     {@code state()} recomputed from {@link ProposalFacts}, with the heads at which it reads the same
 *     ({@link HeadRange}, which the response cache keeps answers by); {@link Finality} does the same for
 *     finality.</li>
 * <li>{@link TokenInfo}: a votes token's name, symbol and decimals, and its supply before a start block, as
 *     {@link GovernorDiscovery} reads them.</li>
 * <li>{@link TimelockOperationId} (the id a proposal is queued under), {@link FunctionSelectors} (an action's function
 *     named, and its arguments decoded into a {@link DecodedCall}, from the ABIs the contracts jar ships; loaded at start
 *     by {@link FunctionSelectorsAtStart}), {@link ProposalTitle}.</li>
 * <li>The read services: {@link GovernanceQueries} (governors, tallies, state at the indexed head, voting power now and
 *     at a past timepoint, delegates), {@link ProposalQueries} (proposal pages, searches, counts and batches with
 *     tallies, state, actions, timeline and finality), {@link VoteQueries} (pages and counts), {@link DelegateQueries}
 *     (leaderboard, its length, and account standing), {@link TokenQueries} (the votes token, balances, holders,
 *     delegators, delegation and voting-power histories).
 *     They all send SQL through {@link IndexReads}, which counts statements ({@code gov.index.reads}), so that a test
 *     sees whether a page loads in batches.</li>
 * </ul>
 */
package dev.govengine.governance;
