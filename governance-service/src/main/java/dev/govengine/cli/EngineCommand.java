package dev.govengine.cli;

import picocli.CommandLine.Command;

@Command(name = "governance-engine",
        mixinStandardHelpOptions = true,
        version = "governance-engine 0.1.0",
        description = "Indexes OpenZeppelin Governor DAOs, serves them over GraphQL, and computes and posts reward epochs.",
        subcommands = {ServeCommand.class, DevnetCommand.class, MerkleCommand.class, EpochCommand.class,
            GovernanceCommand.class, ReceiptsCommand.class})
public class EngineCommand {
}
