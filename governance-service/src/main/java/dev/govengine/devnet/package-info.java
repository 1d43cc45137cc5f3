/**
 * A local chain with the DAO on it, for {@code devnet} and for the tests on machines without a Docker engine.
 *
 * <p>Depends on {@code deployment} (it deploys through {@code Deployer}), {@code types} and the generated wrappers.
 * The service never uses it, so it sits at the top, under the command line alone.
 *
 * <ul>
 * <li>{@link AnvilNode}: the npm-installed binary on a free port, found by walking up from the working directory or
 *     via {@code GOV_ANVIL_BINARY}, with a {@code HOME} of its own that goes when the node stops: Anvil writes the
 *     states it evicts from memory under {@code ~/.foundry/anvil/tmp} and leaves them behind, gigabytes per run of a
 *     large chain.</li>
 * <li>{@link AnvilControl}: {@code anvil_mine}, {@code evm_increaseTime}, {@code evm_setNextBlockTimestamp}, interval
 *     mining.</li>
 * <li>{@link DevAccounts}: BIP-44 keys of Anvil's public dev mnemonic; 0 deploys, 1 to 6 play the DAO, 7 verifies,
 *     8 is the engine.</li>
 * <li>{@link DevnetDirectory}: the devnet's files (the deployment JSON, the engine's keystore and its password, Anvil's
 *     log) in {@code .devnet/<pid>}, private to its owner and removed on exit; never in the shared temporary
 *     directory, where a killed run would leave a key with its password. The next devnet removes a killed run's.</li>
 * <li>{@link DemoActivity}: the holders' initial supply, delegations, an executed, a defeated and an active proposal;
 *     for {@code devnet}, before the active one, an executed proposal that gives votes their hour.
 *     The holders' tokens are minted by the deployment itself (step 8), before the token passes to the timelock, so
 *     the demo needs no privileged account afterwards and its executed proposal mints through governance.</li>
 * </ul>
 */
package dev.govengine.devnet;
