package dev.govengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command's {@code --help} as a user reads it, 80 columns wide: each summary a whole sentence, shown whole in
 * its parent's list of commands, and no line of a description rewrapped by picocli, which would break it at any
 * punctuation, in the middle of a configuration key, a path or a URL.
 */
class CommandHelpTest {
    /** Configuration keys, documentation paths and URLs: what a user copies from the help. */
    private static final Pattern COPIED = Pattern.compile("(?:gov|quarkus)\\.[A-Za-z0-9.*<>-]*[A-Za-z0-9*>]"
            + "|docs/[A-Za-z]+\\.md|https?://[^\\s)]*[^\\s).]");

    @Test
    void everyCommandsHelpShowsWholeSentencesAndUnbrokenKeys() {
        List<String> checked = new ArrayList<>();
        check(new CommandLine(new EngineCommand()), null, checked);
        assertEquals(List.of("governance-engine", "serve", "devnet", "merkle", "build", "epoch", "compute", "verify",
                "governance", "propose-policy", "receipts", "invalidate"), checked);
    }

    @Test
    void theOfflineEntryPointsCommandsHaveTheSameHelp() {
        // The launcher sends merkle and epoch compute to OfflineMain: a user must not see them differ.
        List<String> checked = new ArrayList<>();
        CommandLine offline = new CommandLine(new OfflineMain.OfflineCommand());
        check(offline, null, checked);
        assertEquals(List.of("governance-engine", "merkle", "build", "epoch", "compute"), checked);
        CommandLine engine = new CommandLine(new EngineCommand());
        assertEquals(engine.getSubcommands().get("merkle").getUsageMessage(),
                offline.getSubcommands().get("merkle").getUsageMessage());
        assertEquals(engine.getSubcommands().get("epoch").getSubcommands().get("compute").getUsageMessage(),
                offline.getSubcommands().get("epoch").getSubcommands().get("compute").getUsageMessage());
    }

    private static void check(CommandLine command, String parentHelp, List<String> checked) {
        String name = command.getCommandName();
        checked.add(name);
        String help = help(command);
        String[] description = command.getCommandSpec().usageMessage().description();
        String summary = description[0];
        assertTrue(summary.matches("[A-Z][^.]*\\."), name + ": the summary is not one whole sentence: " + summary);
        if (parentHelp != null) {
            assertTrue(parentHelp.replaceAll("\\s+", " ").contains(" " + name + " " + summary),
                    name + ": the parent's list of commands does not show the whole summary:\n" + parentHelp);
        }
        List<String> lines = help.lines().toList();
        for (String line : description) {
            assertTrue(lines.contains(line), name + ": rewrapped, so broken at any punctuation: " + line + "\n" + help);
        }
        for (OptionSpec option : command.getCommandSpec().options()) {
            Matcher copied = COPIED.matcher(String.join(" ", option.description())
                    .replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue())));
            while (copied.find()) {
                assertTrue(help.contains(copied.group()), name + " " + option.longestName() + ": '" + copied.group()
                        + "' is broken over two lines:\n" + help);
            }
        }
        assertFalse(help.lines().anyMatch(line -> line.length() > 80), name + ": a line is wider than 80 columns");
        command.getSubcommands().values().forEach(subcommand -> check(subcommand, help, checked));
    }

    /** What {@code --help} prints. */
    private static String help(CommandLine command) {
        StringWriter out = new StringWriter();
        command.setOut(new PrintWriter(out, true));
        assertEquals(0, command.execute("--help"));
        return out.toString();
    }
}
