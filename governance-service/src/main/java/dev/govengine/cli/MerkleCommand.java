package dev.govengine.cli;

import picocli.CommandLine.Command;

@Command(name = "merkle",
        mixinStandardHelpOptions = true,
        description = "Offline reward-tree tools, compatible with @openzeppelin/merkle-tree.",
        subcommands = {MerkleBuildCommand.class})
public class MerkleCommand {
}
