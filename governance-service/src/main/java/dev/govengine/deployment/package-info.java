/**
 * The engine's contract set as deployed: deploying it, its JSON file, and the deployment this instance works with.
 *
 * <p>Depends on {@code config}, {@code types} and the generated wrappers. It is its own package rather than part of
 * {@code devnet} because production needs it too: {@code serve} reads a deployment made against any chain, the reward
 * track takes the policy, distributor and rollup addresses from {@link ActiveDeployment}, and a {@code deploy} command
 * for real networks would reuse {@link Deployer}; {@code devnet} only calls it with dev accounts. It sits below
 * {@code sync} because the reward contracts' log sources start from its addresses and creation blocks.
 *
 * <ul>
 * <li>{@link Deployer}: the whole contract set through the wrappers, wired in the order of contracts/README.md, with
 *     {@link DeploymentSettings}: devnet defaults, and the token's clock (block number, or timestamp with
 *     {@code TimestampGovernanceToken}).</li>
 * <li>{@link Deployment} and {@link DeployedContract}: addresses, creation blocks and transactions, key settings.</li>
 * <li>{@link DeploymentJson}: the file format of docs/DEPLOYMENT.md, records read by {@code json.StrictJson} with
 *     errors that name the field at fault ({@link InvalidDeploymentException}).</li>
 * <li>{@link ActiveDeployment}: the {@code @ApplicationScoped} bean holding the file named by
 *     {@code gov.deployment-file}; {@code use} switches it at run time (tests deploy after boot).</li>
 * <li>{@link DeploymentFileCheck}: the preflight's check of that file: readable, and on a configured chain.</li>
 * </ul>
 */
package dev.govengine.deployment;
