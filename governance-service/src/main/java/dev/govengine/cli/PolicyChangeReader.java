package dev.govengine.cli;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers.BigIntegerDeserializer;
import dev.govengine.deployment.Deployer;
import dev.govengine.json.JsonFileException;
import dev.govengine.json.StrictJson;
import dev.govengine.rewards.policy.GovernanceMode;
import dev.govengine.submission.GovernorProposal;
import dev.govengine.types.ChecksumAddress;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

/**
 * Reads a {@code governance propose-policy} file (format in docs/GOVERNANCE.md) into the RewardPolicy setter calls
 * it asks for. Only the fields present change; each is checked here against the same rules the contract enforces,
 * so a mistake is named by its field before anything reaches a chain. Unknown fields are refused, so a misspelt key
 * cannot silently change nothing. The calls come in a fixed order (the file's field order; classes, kinds and
 * verifiers sorted), so the same file always gives the same proposal id.
 */
final class PolicyChangeReader {
    private static final String UINT64_MAX = "18446744073709551615";
    private static final String EPOCH_LENGTH_RANGE = "${validatedValue} is out of range [1, " + UINT64_MAX + "]";
    private static final String CAP_RANGE = "${validatedValue} is out of range [1, 10000]";
    private static final String SHARE_RANGE = "${validatedValue} is out of range [0, 10000]";
    private static final String SHARE_MISSING = "missing: the split sets all three programs";
    private static final String WEIGHTS = "expected a non-empty object of weights (decimal strings)";
    private static final int BPS = 10_000;
    private static final StrictJson<PolicyChangeFile> READER = StrictJson.of(PolicyChangeFile.class, RewardJson.AMOUNTS)
            .rootPath("$");

    /** The file's shape: every field but the description is optional, and only those present change. */
    record PolicyChangeFile(
            @NotBlank(message = "expected the proposal's text (Markdown, first line the title)") String description,
            @DecimalMin(value = "1", message = EPOCH_LENGTH_RANGE) @DecimalMax(value = UINT64_MAX, message = EPOCH_LENGTH_RANGE)
            @JsonDeserialize(using = BigIntegerDeserializer.class) BigInteger epochLength,
            BigInteger budgetPerEpoch,
            @Valid ProgramSplit programSplit,
            @Size(min = 1, message = WEIGHTS) @JsonDeserialize(keyUsing = RewardJson.GpuClassKey.class)
            Map<Integer, BigInteger> gpuClassWeights,
            @Size(min = 1, message = WEIGHTS) Map<@NotBlank(message = "a rollup kind needs a name") String, BigInteger>
            rollupKindWeights,
            @Min(value = 1, message = CAP_RANGE) @Max(value = BPS, message = CAP_RANGE) Integer recipientCapBps,
            BigInteger minPayout,
            GovernanceMode governanceMode,
            @Valid Verifiers verifiers) {
    }

    record ProgramSplit(
            @NotNull(message = SHARE_MISSING) @Min(value = 0, message = SHARE_RANGE) @Max(value = BPS, message = SHARE_RANGE)
            Integer depin,
            @NotNull(message = SHARE_MISSING) @Min(value = 0, message = SHARE_RANGE) @Max(value = BPS, message = SHARE_RANGE)
            Integer rollup,
            @NotNull(message = SHARE_MISSING) @Min(value = 0, message = SHARE_RANGE) @Max(value = BPS, message = SHARE_RANGE)
            Integer governance) {
    }

    record Verifiers(List<ChecksumAddress> add, List<ChecksumAddress> remove) {
    }

    /** The file's description and the calls, before a policy address is known. */
    record PolicyChange(String description, List<Function> calls) {
        GovernorProposal proposal(ChecksumAddress governor, ChecksumAddress policy) {
            return new GovernorProposal(governor, calls.stream().map(call -> GovernorProposal.Action.call(policy, call)).toList(),
                    description);
        }
    }

    private PolicyChangeReader() {
    }

    static PolicyChange read(String text) throws JsonFileException {
        PolicyChangeFile file = READER.read(text);
        List<Function> calls = new ArrayList<>();
        if (file.epochLength() != null) {
            calls.add(call("setEpochLength", new Uint64(file.epochLength())));
        }
        if (file.budgetPerEpoch() != null) {
            calls.add(call("setBudgetPerEpoch", new Uint256(file.budgetPerEpoch())));
        }
        if (file.programSplit() != null) {
            ProgramSplit split = file.programSplit();
            int sum = split.depin() + split.rollup() + split.governance();
            if (sum != BPS) {
                throw new JsonFileException("programSplit", "the shares sum to " + sum + " bps, not " + BPS);
            }
            calls.add(call("setProgramSplit", new Uint16(split.depin()), new Uint16(split.rollup()),
                    new Uint16(split.governance())));
        }
        if (file.gpuClassWeights() != null) {
            new TreeMap<>(file.gpuClassWeights()).forEach((gpuClass, weight) ->
                    calls.add(call("setGpuClassWeight", new Uint8(gpuClass), new Uint256(weight))));
        }
        if (file.rollupKindWeights() != null) {
            new TreeMap<>(file.rollupKindWeights()).forEach((kind, weight) -> calls.add(call("setRollupKindWeight",
                    new Bytes32(Deployer.rollupKind(kind)), new Uint256(weight))));
        }
        if (file.recipientCapBps() != null) {
            calls.add(call("setRecipientCap", new Uint16(file.recipientCapBps())));
        }
        if (file.minPayout() != null) {
            calls.add(call("setMinPayout", new Uint256(file.minPayout())));
        }
        if (file.governanceMode() != null) {
            // RewardPolicy's GovernanceMode lists the modes in the same order.
            calls.add(call("setGovernanceMode", new Uint8(file.governanceMode().ordinal())));
        }
        if (file.verifiers() != null) {
            TreeSet<String> remove = verifiers(file.verifiers().remove(), "verifiers.remove");
            TreeSet<String> add = verifiers(file.verifiers().add(), "verifiers.add");
            for (String both : remove) {
                if (add.contains(both)) {
                    throw new JsonFileException("verifiers", both + " is both added and removed");
                }
            }
            remove.forEach(verifier -> calls.add(call("removeVerifier", new Address(verifier))));
            add.forEach(verifier -> calls.add(call("addVerifier", new Address(verifier))));
        }
        if (calls.isEmpty()) {
            throw new JsonFileException("$", "no change: give at least one of [epochLength, budgetPerEpoch, "
                    + "programSplit, gpuClassWeights, rollupKindWeights, recipientCapBps, minPayout, governanceMode, "
                    + "verifiers]");
        }
        return new PolicyChange(file.description(), calls);
    }

    private static TreeSet<String> verifiers(List<ChecksumAddress> list, String path) throws JsonFileException {
        TreeSet<String> verifiers = new TreeSet<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            ChecksumAddress verifier = list.get(i);
            if (verifier.lowerCase().equals("0x0000000000000000000000000000000000000000")) {
                throw new JsonFileException(path + "[" + i + "]", "the zero address cannot be a verifier");
            }
            if (!verifiers.add(verifier.toString())) {
                throw new JsonFileException(path + "[" + i + "]", verifier + " is listed twice");
            }
        }
        return verifiers;
    }

    private static Function call(String name, Type<?>... arguments) {
        return new Function(name, List.of(arguments), List.of());
    }
}
