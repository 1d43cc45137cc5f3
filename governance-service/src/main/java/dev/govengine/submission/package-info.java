/**
 * The transport that puts results on chain: the signer, the transaction lifecycle (nonces, EIP-1559 fees,
 * replacement, confirmations), and the two ways a root reaches the distributor (docs/ARCHITECTURE.md, "Submission
 * transport" and "Submission through governance (Mode B)").
 *
 * <p>Depends on {@code governance} and {@code governance.index} (Mode B follows its proposal through the index),
 * {@code deployment}, {@code chain}, {@code config}, {@code types} and the generated wrappers. It knows nothing of how
 * a root is computed: the lifecycle above it decides what to send.
 *
 * <ul>
 * <li>{@link SignerLoader}: the key, from an encrypted keystore with its password, or a raw development key; never
 *     logged ({@link SignerLoadException}). It is also the preflight's check of the signer's settings.</li>
 * <li>{@link TransactionManager}: signs, sends and sees through to the end one signer's transactions on one chain,
 *     each written to {@code submission_tx} before its broadcast (the {@link SubmissionTx} entity with
 *     {@link SubmissionTxRepository}, and {@link SubmissionTxStore} for blocking callers; {@link TxStatus}), keyed by what it is for ({@link TxPurpose}) and ending in a
 *     {@link TxOutcome}. {@link NodeClient} is its JSON-RPC, {@link FeePolicy} prices it ({@link Fees}), and
 *     {@link RevertDecoder} names a revert's reason.</li>
 * <li>{@link SubmissionService}: Mode A, the signer's own {@code proposeRoot} ({@link SubmissionOutcome}), with
 *     {@link DistributorReads}; {@link SubmissionProducer} (the CDI wiring, with {@link SubmissionSettings}) builds
 *     it, and {@link SubmissionHealthCheck} reports whether it can submit.</li>
 * <li>Mode B: {@link GovernanceSubmission} (each root a Governor proposal the engine proposes, queues and executes),
 *     {@link GovernorProposal} (a proposal by its content, its id computed), the {@link GovernanceRootProposal} entity
 *     with {@link GovernanceRootProposalRepository} and {@link GovernanceRootProposalStore}.</li>
 * <li>{@link RootSubmitter}: the mode switch, the one idempotent call the lifecycle makes.</li>
 * <li>{@link DirectProposer}: the command line's sender of one Governor proposal, without the database.</li>
 * <li>Refusals: {@link RootConflictException}, {@link PurposeConflictException},
 *     {@link GovernanceProposalConflictException}, {@link SimulationRevertedException},
 *     {@link FeeCapExceededException}, {@link BroadcastRejectedException}, {@link NodeErrorException},
 *     {@link SubmissionDisabledException}.</li>
 * </ul>
 */
package dev.govengine.submission;
