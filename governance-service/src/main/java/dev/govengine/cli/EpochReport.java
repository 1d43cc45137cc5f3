package dev.govengine.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.allocation.EpochAllocation;
import dev.govengine.rewards.allocation.Payout;
import dev.govengine.rewards.allocation.ProgramAllocation;
import dev.govengine.rewards.allocation.RecipientShare;
import dev.govengine.rewards.scoring.Program;
import dev.govengine.types.Bytes32;
import dev.govengine.types.LeafValue;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code allocation.json}, the readable record of a computed epoch (format in docs/REWARDS.md): indented with
 * {@code \n} whatever the platform, fields in a fixed order and lists by address, so equal epochs give equal bytes.
 */
final class EpochReport {
    private EpochReport() {
    }

    static String write(BigInteger epoch, EpochAllocation allocation, CumulativeAmounts cumulative, Bytes32 root) {
        StringWriter out = new StringWriter();
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try (JsonGenerator json = new ObjectMapper().getFactory().createGenerator(out).setPrettyPrinter(pretty)) {
            json.writeStartObject();
            json.writeNumberField("epoch", epoch);
            json.writeStringField("budget", allocation.budget().toString());
            json.writeStringField("carryIn", allocation.carryIn().toString());
            json.writeStringField("paid", allocation.paid().toString());
            json.writeStringField("carryOut", allocation.carryOut().toString());
            json.writeStringField("totalCumulative", cumulative.total().toString());
            if (root == null) {
                json.writeNullField("root");
            } else {
                json.writeStringField("root", root.toHex());
            }
            json.writeArrayFieldStart("programs");
            for (ProgramAllocation program : allocation.programs()) {
                writeProgram(json, program);
            }
            json.writeEndArray();
            writePayouts(json, "payouts", allocation.payouts());
            writePayouts(json, "belowMinimum", allocation.belowMinimum());
            json.writeArrayFieldStart("cumulative");
            for (LeafValue leaf : cumulative.leaves()) {
                json.writeStartObject();
                json.writeStringField("account", leaf.account().toString());
                json.writeStringField("amount", leaf.amount().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }

    private static void writeProgram(JsonGenerator json, ProgramAllocation program) throws IOException {
        json.writeStartObject();
        json.writeStringField("program", programName(program.program()));
        json.writeStringField("pool", program.pool().toString());
        json.writeStringField("cap", program.cap().toString());
        json.writeStringField("unallocated", program.unallocated().toString());
        json.writeArrayFieldStart("recipients");
        for (RecipientShare share : program.shares()) {
            json.writeStartObject();
            json.writeStringField("account", share.account().toString());
            json.writeStringField("score", share.score().toString());
            json.writeStringField("amount", share.amount().toString());
            json.writeBooleanField("capped", share.capped());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writePayouts(JsonGenerator json, String name, List<Payout> payouts) throws IOException {
        json.writeArrayFieldStart(name);
        for (Payout payout : payouts) {
            json.writeStartObject();
            json.writeStringField("account", payout.account().toString());
            json.writeStringField("amount", payout.amount().toString());
            json.writeObjectFieldStart("byProgram");
            for (Map.Entry<Program, BigInteger> entry : payout.byProgram().entrySet()) {
                json.writeStringField(programName(entry.getKey()), entry.getValue().toString());
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** A program as the epoch file names it ({@code leftoverProgram}, the split's keys). */
    private static String programName(Program program) {
        return program.name().toLowerCase(Locale.ROOT);
    }
}
