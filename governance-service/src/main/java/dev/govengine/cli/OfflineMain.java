package dev.govengine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of the offline commands, {@code merkle build} and {@code epoch compute}: plain picocli on a plain
 * class path (the packaged service's jars), with no Quarkus runner, CDI, database or configuration. The {@code engine}
 * launcher sends those two commands here and every other one to {@link GovernanceEngineMain} through Quarkus's
 * runner. This root knows only the offline commands, because picocli builds every command it is given, and building
 * all of them loaded a thousand classes (Jackson's object mapper among them), 0.7 s of the start.
 */
public final class OfflineMain {
    private OfflineMain() {
    }

    public static void main(String... args) {
        // The log manager Quarkus's runner installs, before anything starts java.util.logging: left unconfigured it
        // prints nothing, where the JDK's own would print library start-up lines (Hibernate Validator's version,
        // when epoch compute checks its input) into the command's error output.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        System.exit(new CommandLine(new OfflineCommand()).execute(args));
    }

    @Command(name = EngineCommand.NAME,
            mixinStandardHelpOptions = true,
            version = EngineCommand.VERSION,
            description = "The offline tools: reward trees and epochs, with no database, chain or service.",
            subcommands = {MerkleCommand.class, OfflineEpochCommand.class})
    static class OfflineCommand {
    }

    @Command(name = "epoch",
            mixinStandardHelpOptions = true,
            description = "Reward epochs, computed offline.",
            subcommands = {EpochComputeCommand.class})
    static class OfflineEpochCommand {
    }
}
