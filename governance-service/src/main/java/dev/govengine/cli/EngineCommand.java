package dev.govengine.cli;

import picocli.CommandLine.Command;

@Command(name = EngineCommand.NAME,
        mixinStandardHelpOptions = true,
        version = EngineCommand.VERSION,
        description = {
            "Indexes OpenZeppelin Governor DAOs and serves them over GraphQL.",
            "Computes, posts and verifies reward epochs; offline tools build reward trees."},
        subcommands = {ServeCommand.class, DevnetCommand.class, MerkleCommand.class, EpochCommand.class,
            GovernanceCommand.class, ReceiptsCommand.class})
public class EngineCommand {
    static final String NAME = "governance-engine";
    static final String VERSION = NAME + " 0.1.0";
}
