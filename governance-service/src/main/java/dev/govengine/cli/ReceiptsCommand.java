package dev.govengine.cli;

import picocli.CommandLine.Command;

@Command(name = "receipts",
        mixinStandardHelpOptions = true,
        description = "DePIN work receipts.",
        subcommands = {ReceiptsInvalidateCommand.class})
public class ReceiptsCommand {
}
