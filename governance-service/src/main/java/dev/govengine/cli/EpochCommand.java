package dev.govengine.cli;

import picocli.CommandLine.Command;

@Command(name = "epoch",
        mixinStandardHelpOptions = true,
        description = "Reward epochs.",
        subcommands = {EpochComputeCommand.class, EpochVerifyCommand.class})
public class EpochCommand {
}
