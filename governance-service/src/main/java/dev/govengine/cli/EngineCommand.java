package dev.govengine.cli;

import picocli.CommandLine.Command;

@Command(name = "governance-engine",
        mixinStandardHelpOptions = true,
        version = "governance-engine 0.1.0",
        description = {
            "Indexes OpenZeppelin Governor DAOs and serves them over GraphQL.",
            "Computes, posts and verifies reward epochs; offline tools build reward trees."},
        subcommands = {ServeCommand.class, DevnetCommand.class, MerkleCommand.class, EpochCommand.class,
            GovernanceCommand.class, ReceiptsCommand.class})
public class EngineCommand {
}
