/**
 * The engine's configuration: {@link EngineConfig}, the {@code gov.*} mapping, and {@link ConfigPreflight}, which reads
 * and checks it before anything starts.
 *
 * <p>Depends only on {@code types}. Every module reads the configuration, so this package may read none of them: a
 * check that needs a module's knowledge (the deployment file, the rollup mapping, the signer, the operator token) is
 * that module's {@link ConfigCheck}, and {@code cli.Preflight}, at the top, hands them all to the preflight.
 *
 * <ul>
 * <li>{@link ConfigPreflight}: the configuration from the same sources and with the same precedence as Quarkus,
 *     validated with Hibernate Validator, cross-checked (a governor's chain must exist; two entries with one chain id
 *     and address are refused) and every problem reported as {@code key: what is wrong}, before Quarkus boots
 *     (docs/ARCHITECTURE.md, "The command line comes before Quarkus").</li>
 * <li>{@link ConfigCheck}: one module's check, for what the mapping's own validation cannot see.</li>
 * <li>{@link ConfiguredChains}: the one rule for which {@code gov.chains} entry serves a chain id (the first by
 *     name).</li>
 * <li>{@link SecretFile}: a file holding a secret (the operator token, the keystore and its password) must be private
 *     to its owner; one its group or other users may read or write is refused, with the {@code chmod 600} that fixes
 *     it.</li>
 * <li>{@link ChecksumAddressConverter}: the mapping declares addresses as {@code ChecksumAddress}, so a malformed one
 *     fails at start-up.</li>
 * <li>{@link InvalidConfigurationException}: configuration that parses but does not hold together, every offending
 *     key named.</li>
 * </ul>
 */
package dev.govengine.config;
