// Compiles every contract in src/ (and the OpenZeppelin contracts the Java side deploys directly, and the test-only
// contracts the Java tests deploy) with solc-js,
// and writes one ABI file and one bytecode file per contract for Web3j's wrapper generator.
// The settings mirror foundry.toml, so forge and the Java wrappers deploy the same bytecode.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SOLC = 'solc';
// Compound's governance sources (GovernorBravo, its Timelock, COMP) are test fixtures kept unchanged, and they say
// pragma ^0.5.16: they need the 0.5.16 compiler, installed under the npm alias solc-0516.
const SOLC_LEGACY = 'solc-0516';
const LEGACY_DIR = 'test/compound';

const outDir = path.resolve(process.argv[2] ?? path.join(root, 'target', 'artifacts'));
const EXTRA_SOURCES = [
  '@openzeppelin/contracts/governance/TimelockController.sol',
  // Test-only: a Governor with GovernorPreventLateQuorum, for the indexer's ProposalExtended test.
  'test/LateQuorumGovernor.sol',
  // Test-only: Governors built from other OpenZeppelin modules (fractional counting, super quorum), whose own
  // answers the indexer must serve.
  'test/ModularGovernors.sol',
  // Test-only: a Governor with GovernorTimelockCompound behind Compound's Timelock, for the Expired state.
  'test/CompoundTimelockGovernor.sol',
  // Test-only: Governors from OpenZeppelin 5 modules not in the ones above (GovernorTimelockAccess with an
  // AccessManager, GovernorStorage, GovernorSequentialProposalId, GovernorProposalGuardian, an ERC721Votes token,
  // a counting module the engine does not know).
  'test/OzModuleGovernors.sol',
  // Test-only: OpenZeppelin 4.9 and 4.8 Governors with their TimelockControllers, from npm aliases of 4.x.
  'test/Oz49Governor.sol',
  'test/Oz48Governor.sol',
];

function resolveImport(importPath) {
  const candidates = importPath.startsWith('@')
    ? [path.join(root, 'node_modules', importPath)]
    : [path.join(root, importPath)];
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') };
  }
  return { error: `File not found: ${importPath}` };
}

// solc-js runs on one core, and nearly all of its time is code generation, which a contract's bytecode needs only for
// that contract: each worker reads and checks every source but generates code only for its share of the files, so the
// build's critical path waits for about half the compile. The bytecode is the same whichever worker emits it.
if (!isMainThread) {
  const compiler = require(path.join(root, 'node_modules', workerData.compiler));
  parentPort.postMessage({
    version: compiler.version(),
    output: compiler.compile(JSON.stringify(workerData.input), { import: resolveImport }),
  });
} else {
  await main();
}

function compileInWorker(compiler, compilerInput) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { compiler, input: compilerInput } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

/** Splits the files into two shares of about as many contracts each, heaviest files first; deterministic. */
function twoShares(sources) {
  const contractsIn = (file) => Math.max(1, (sources[file].content.match(/^\s*contract\s+\w+/gm) ?? []).length);
  const files = Object.keys(sources).sort((a, b) => contractsIn(b) - contractsIn(a) || a.localeCompare(b));
  const shares = [{ files: [], weight: 0 }, { files: [], weight: 0 }];
  for (const file of files) {
    const lighter = shares[0].weight <= shares[1].weight ? shares[0] : shares[1];
    lighter.files.push(file);
    lighter.weight += contractsIn(file);
  }
  return shares.map((share) => share.files);
}

function checked({ version, output }, diagnosticsSeen) {
  const compiled = JSON.parse(output);
  const errors = (compiled.errors ?? []).filter((e) => e.severity === 'error');
  for (const diagnostic of compiled.errors ?? []) {
    if (diagnosticsSeen.has(diagnostic.formattedMessage)) continue;
    diagnosticsSeen.add(diagnostic.formattedMessage);
    process.stderr.write(diagnostic.formattedMessage + '\n');
  }
  if (errors.length > 0) {
    process.stderr.write(`solc ${version}: ${errors.length} error(s)\n`);
    process.exit(1);
  }
  return { version, contracts: compiled.contracts ?? {} };
}

async function main() {
  const ownSources = fs.readdirSync(path.join(root, 'src')).filter((f) => f.endsWith('.sol')).sort();
  const sources = {};
  for (const file of ownSources) sources[`src/${file}`] = { content: fs.readFileSync(path.join(root, 'src', file), 'utf8') };
  for (const extra of EXTRA_SOURCES) {
    const found = resolveImport(extra);
    if (found.error) throw new Error(`${found.error}: run npm ci in contracts/`);
    sources[extra] = { content: found.contents };
  }

  const settings = {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'prague',
  };
  const ARTIFACTS = ['abi', 'evm.bytecode.object'];
  const selecting = (files) => Object.fromEntries(files.map((file) => [file, { '*': ARTIFACTS }]));

  // 0.5.16 knows no later EVM than istanbul, which is also what Compound deployed these sources for.
  const legacySources = {};
  for (const file of fs.readdirSync(path.join(root, LEGACY_DIR)).filter((f) => f.endsWith('.sol')).sort()) {
    legacySources[`${LEGACY_DIR}/${file}`] = { content: fs.readFileSync(path.join(root, LEGACY_DIR, file), 'utf8') };
  }

  const shares = twoShares(sources);
  const results = await Promise.all([
    ...shares.map((files) => compileInWorker(SOLC, {
      language: 'Solidity',
      sources,
      settings: { ...settings, outputSelection: selecting(files) },
    })),
    compileInWorker(SOLC_LEGACY, {
      language: 'Solidity',
      sources: legacySources,
      settings: { ...settings, evmVersion: 'istanbul', outputSelection: { '*': { '*': ARTIFACTS } } },
    }),
  ]);
  const diagnosticsSeen = new Set();
  const [first, second, legacy] = results.map((result) => checked(result, diagnosticsSeen));
  const compiledContracts = [
    ...shares.flatMap((files, i) => files.map((file) => [first, second][i].contracts[file] ?? {})),
    ...Object.values(legacy.contracts),
  ];

  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const exported = [];
  for (const contracts of compiledContracts) {
    for (const [name, artifact] of Object.entries(contracts)) {
      const bytecode = artifact.evm.bytecode.object;
      if (!bytecode) continue; // interfaces and abstract contracts have nothing to deploy
      if (exported.includes(name)) throw new Error(`two contracts named ${name}: their wrappers would collide`);
      fs.writeFileSync(path.join(outDir, `${name}.abi`), JSON.stringify(artifact.abi));
      fs.writeFileSync(path.join(outDir, `${name}.bin`), bytecode);
      exported.push(name);
    }
  }
  // The index lets readers of the jar (which cannot list a directory) find every ABI.
  fs.writeFileSync(path.join(outDir, 'index.txt'), exported.sort().join('\n') + '\n');

  // The ABIs whose parameter names the engine shows when it decodes a proposal's actions, first ones first where two
  // declare the same selector (ERC-20's and ERC-721's approve and transferFrom): the DAO's own contracts, the timelock,
  // then OpenZeppelin's own interface ABIs as its npm package ships them, for ERC-721 and the Governor, which no
  // contract above fully declares. They go under interfaces/, out of the wrapper generator's reach.
  const OWN_FIRST = ownSources.map((f) => path.basename(f, '.sol')).filter((name) => exported.includes(name));
  const INTERFACES = ['IERC20', 'IERC721', 'IGovernor'];
  fs.mkdirSync(path.join(outDir, 'interfaces'));
  for (const name of INTERFACES) {
    const artifact = path.join(root, 'node_modules', '@openzeppelin', 'contracts', 'build', 'contracts', `${name}.json`);
    fs.writeFileSync(path.join(outDir, 'interfaces', `${name}.abi`), JSON.stringify(JSON.parse(fs.readFileSync(artifact, 'utf8')).abi));
  }
  const decodingOrder = [...OWN_FIRST, 'TimelockController', ...INTERFACES.map((name) => `interfaces/${name}`)];
  fs.writeFileSync(path.join(outDir, 'decoding-order.txt'), decodingOrder.join('\n') + '\n');
  process.stdout.write(`solc ${first.version} and ${legacy.version}: ${exported.length} contracts -> ${outDir}: ${exported.sort().join(', ')}\n`);
}
