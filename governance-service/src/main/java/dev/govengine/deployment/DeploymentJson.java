package dev.govengine.deployment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.govengine.json.JsonFileException;
import dev.govengine.json.JsonValues;
import dev.govengine.json.StrictJson;
import dev.govengine.types.ChecksumAddress;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The deployment JSON (docs/DEPLOYMENT.md): written by the deployer, read by the service. Its shape is the records
 * below; every field is required and an unknown one is refused, so a hand-edited file with a misspelt key is named
 * rather than half read.
 */
public final class DeploymentJson {
    /** The shape's version; a reader refuses any other, so a future change of shape cannot be misread. */
    public static final int FORMAT = 2;
    private static final String UNSUPPORTED_FORMAT = "${validatedValue} is not supported (expected " + FORMAT + ")";

    /** Quantities are decimal strings, as in the GraphQL API, because a JSON number loses precision past 2^53. */
    private static final SimpleModule QUANTITIES = new SimpleModule("deployment quantities")
            .addDeserializer(BigInteger.class, new QuantityDeserializer())
            .addSerializer(BigInteger.class, ToStringSerializer.instance);
    private static final StrictJson<FormatOnly> FORMAT_READER = StrictJson.of(FormatOnly.class);
    private static final StrictJson<File> READER = StrictJson.of(File.class, QUANTITIES);

    /** Read first, so that a file of another format is refused for that, not for the fields it lacks. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FormatOnly(@NotNull @Min(value = FORMAT, message = UNSUPPORTED_FORMAT)
                      @Max(value = FORMAT, message = UNSUPPORTED_FORMAT) Integer format) {
    }

    record File(@NotNull Integer format,
                @NotNull @Min(value = 1, message = "must be at least {value}, was ${validatedValue}") Long chainId,
                @NotNull @Valid Contracts contracts,
                @NotNull @Valid Settings settings) {
    }

    /** One per contract, in deployment order: the names of {@link Deployment#CONTRACT_NAMES}. */
    record Contracts(@NotNull @Valid Contract token, @NotNull @Valid Contract timelock, @NotNull @Valid Contract governor,
                     @NotNull @Valid Contract rewardPolicy, @NotNull @Valid Contract rewardDistributor,
                     @NotNull @Valid Contract rollupContributions) {
    }

    record Contract(@NotNull ChecksumAddress address,
                    @NotNull @PositiveOrZero(message = "must not be negative, was ${validatedValue}") Long block,
                    @NotNull @Pattern(regexp = "0x[0-9a-fA-F]{64}", message = "'${validatedValue}' is not a transaction"
                            + " hash: expected 0x followed by 64 hex digits") String transactionHash) {
        static Contract of(DeployedContract contract) {
            return new Contract(contract.address(), contract.block(), contract.transactionHash());
        }

        DeployedContract deployed() {
            return new DeployedContract(address, block, transactionHash);
        }
    }

    record Settings(@NotNull ChecksumAddress updater, @NotNull ChecksumAddress guardian,
                    @NotNull List<ChecksumAddress> verifiers, @NotNull BigInteger timelockDelaySeconds,
                    @NotNull BigInteger votingDelayBlocks, @NotNull BigInteger votingPeriodBlocks,
                    @NotNull BigInteger disputePeriodSeconds, @NotNull BigInteger resolutionPeriodSeconds,
                    @NotNull BigInteger minDisputeBond, @NotNull BigInteger disputeBond, @NotNull BigInteger maxEpochSkip,
                    @NotNull BigInteger policyMinEpochLengthSeconds, @NotNull Boolean rollupPermissionless,
                    @NotNull BigInteger rewardFunding) {
        static Settings of(Deployment.Settings settings) {
            return new Settings(settings.updater(), settings.guardian(), settings.verifiers(),
                    settings.timelockDelaySeconds(), settings.votingDelayBlocks(), settings.votingPeriodBlocks(),
                    settings.disputePeriodSeconds(), settings.resolutionPeriodSeconds(), settings.minDisputeBond(),
                    settings.disputeBond(), settings.maxEpochSkip(), settings.policyMinEpochLengthSeconds(),
                    settings.rollupPermissionless(), settings.rewardFunding());
        }

        Deployment.Settings settings() {
            return new Deployment.Settings(updater, guardian, verifiers, timelockDelaySeconds, votingDelayBlocks,
                    votingPeriodBlocks, disputePeriodSeconds, resolutionPeriodSeconds, minDisputeBond, disputeBond,
                    maxEpochSkip, policyMinEpochLengthSeconds, rollupPermissionless, rewardFunding);
        }
    }

    private DeploymentJson() {
    }

    public static void write(Deployment deployment, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, toJson(deployment));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static String toJson(Deployment deployment) {
        return READER.write(new File(FORMAT, deployment.chainId(), new Contracts(Contract.of(deployment.token()),
                Contract.of(deployment.timelock()), Contract.of(deployment.governor()),
                Contract.of(deployment.rewardPolicy()), Contract.of(deployment.rewardDistributor()),
                Contract.of(deployment.rollupContributions())), Settings.of(deployment.settings())));
    }

    /** Reads and validates a deployment file; {@link InvalidDeploymentException} names every bad field. */
    public static Deployment read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidDeploymentException("no such file " + file, e);
        } catch (IOException e) {
            throw new InvalidDeploymentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(text);
    }

    public static Deployment parse(String json) {
        File file;
        try {
            FORMAT_READER.read(json);
            file = READER.read(json);
        } catch (JsonFileException e) {
            throw new InvalidDeploymentException(e.getMessage(), e);
        }
        Contracts contracts = file.contracts();
        return new Deployment(file.chainId(), contracts.token().deployed(), contracts.timelock().deployed(),
                contracts.governor().deployed(), contracts.rewardPolicy().deployed(),
                contracts.rewardDistributor().deployed(), contracts.rollupContributions().deployed(),
                file.settings().settings());
    }

    private static final class QuantityDeserializer extends JsonDeserializer<BigInteger> {
        private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile("0|[1-9][0-9]*");

        @Override
        public BigInteger deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw JsonValues.refuse(parser, "must be a string");
            }
            if (!DECIMAL.matcher(parser.getText()).matches()) {
                throw JsonValues.refuse(parser, "'" + parser.getText() + "' is not a non-negative decimal integer");
            }
            return new BigInteger(parser.getText());
        }
    }
}
