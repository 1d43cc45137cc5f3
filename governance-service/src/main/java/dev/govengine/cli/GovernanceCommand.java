package dev.govengine.cli;

import picocli.CommandLine.Command;

@Command(name = "governance",
        mixinStandardHelpOptions = true,
        description = "Proposals to the DAO's Governor.",
        subcommands = {ProposePolicyCommand.class})
public class GovernanceCommand {
}
