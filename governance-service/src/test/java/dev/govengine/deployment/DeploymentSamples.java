package dev.govengine.deployment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.List;
import java.util.function.Consumer;

/** A complete deployment with no chain behind it, and malformed variants of its JSON, for the readers' tests. */
public final class DeploymentSamples {
    /** Real addresses (the first contracts Anvil's first dev account creates), with made-up blocks and hashes. */
    public static final Deployment SAMPLE = new Deployment(31337,
            contract("0x5FbDB2315678afecb367f032d93F642f64180aa3", 1, 'a'),
            contract("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", 2, 'b'),
            contract("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", 3, 'c'),
            contract("0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9", 7, 'd'),
            contract("0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9", 15, 'e'),
            contract("0x5FC8d32690cc91D4c39d9d3abcBD16989F875707", 16, 'f'),
            new Deployment.Settings(ChecksumAddress.of("0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f"),
                    ChecksumAddress.of("0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f"),
                    List.of(ChecksumAddress.of("0x14dC79964da2C08b23698B3D3cc7Ca32193d9955")),
                    BigInteger.valueOf(60), BigInteger.ONE, BigInteger.valueOf(300), BigInteger.valueOf(600),
                    BigInteger.valueOf(1800), BigInteger.TEN.pow(17), BigInteger.TEN.pow(18), BigInteger.valueOf(168),
                    BigInteger.valueOf(2400), true, new BigInteger("100000000000000000000000")));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DeploymentSamples() {
    }

    /** The sample's JSON, changed in one place, indented as the deployer writes it (so a line names a field). */
    public static String edit(Consumer<ObjectNode> change) throws Exception {
        ObjectNode json = (ObjectNode) MAPPER.readTree(DeploymentJson.toJson(SAMPLE));
        change.accept(json);
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
    }

    private static DeployedContract contract(String address, long block, char hashDigit) {
        return new DeployedContract(ChecksumAddress.of(address), block, "0x" + String.valueOf(hashDigit).repeat(64));
    }
}
