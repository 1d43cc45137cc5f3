/**
 * The commands, and the entry point that parses them before Quarkus boots (docs/ARCHITECTURE.md, "The command line
 * comes before Quarkus").
 *
 * <p>The top of the layers: it may depend on every package, and none depends on it.
 *
 * <ul>
 * <li>{@link GovernanceEngineMain} ({@code @QuarkusMain}) and {@link EngineCommand}: plain picocli, before boot.
 *     {@link ServeCommand} and {@link DevnetCommand} decide the datasource and the chains, then run
 *     {@link ServiceApplication}, which tells them when the service is ready (devnet prints its summary then);
 *     {@link ShutdownScope} owns the processes a command starts. Both first make sure that the HTTP port is free
 *     ({@link HttpPortCheck}).</li>
 * <li>{@link BootHealthCheck}: {@code /q/health/started}, UP once the service has booted; readiness, which waits for
 *     the index, is no check for a startup probe.</li>
 * <li>{@link Preflight}: {@code config.ConfigPreflight} with every module's own check (the deployment file, the rollup
 *     mapping, the signer, the operator token), assembled here so that {@code config} stays the bottom layer.</li>
 * <li>Offline, never booting Quarkus: {@code merkle build} ({@link MerkleBuildCommand}, its input read as bytes by
 *     {@link AmountsCsvBytes}, or by {@link AmountsCsv} when it is not in the plain form or is refused) and {@code epoch compute} ({@link EpochComputeCommand}, its input the records of
 *     {@link EpochFile}, read by {@code json.StrictJson}, its {@code allocation.json} written by
 *     {@link EpochReport}); a bad input file names its line or field ({@link InvalidInputFileException},
 *     {@code json.JsonFileException}). The launcher starts both through {@link OfflineMain}, a plain main whose
 *     picocli root holds only them, on the packaged jars' class path without Quarkus's runner.</li>
 * <li>{@code governance propose-policy} ({@link ProposePolicyCommand}, {@link PolicyChangeReader},
 *     {@link InvalidPolicyFileException}) does not boot Quarkus either: it needs the chain and a signer but no
 *     database, so it reads the configuration through {@link Preflight} and sends its one transaction through
 *     {@code submission.DirectProposer} (docs/GOVERNANCE.md).</li>
 * <li>{@code epoch verify} ({@link EpochVerifyCommand}) boots the service as {@code serve} does, with
 *     {@code gov.sync.poll-interval}, {@code gov.rewards.epochs.tick-interval} and {@code gov.webhooks.poll-interval} off,
 *     {@code quarkus.http.host-enabled=false} and no signer, and runs {@link EpochVerifyApplication}. With no
 *     datasource URL it opens the embedded PostgreSQL's data directory, unless a running server holds it: PostgreSQL's
 *     {@code postmaster.pid} names that server's port, which the refusal prints as {@code quarkus.datasource.*}
 *     settings. With {@code --inputs} it boots nothing and needs no database ({@link InputsVerification}).</li>
 * <li>{@code receipts invalidate} ({@link ReceiptsInvalidateCommand}) asks a running engine's operator endpoint.</li>
 * </ul>
 */
package dev.govengine.cli;
