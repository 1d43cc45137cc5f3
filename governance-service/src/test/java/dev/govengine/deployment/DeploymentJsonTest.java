package dev.govengine.deployment;

import static dev.govengine.deployment.DeploymentSamples.SAMPLE;
import static dev.govengine.deployment.DeploymentSamples.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hand-edited or truncated deployment file is refused with the path of the field that is wrong. */
class DeploymentJsonTest {
    @Test
    void readsBackWhatItWrites(@TempDir Path temp) throws Exception {
        Path file = Files.createTempDirectory(temp, "deployment").resolve("nested/deployment.json");
        DeploymentJson.write(SAMPLE, file);
        assertEquals(SAMPLE, DeploymentJson.read(file));
    }

    @Test
    void acceptsAddressesInOneCaseAndHoldsThemChecksummed() throws Exception {
        Deployment read = DeploymentJson.parse(edit(json -> json.withObject("/contracts/governor").put(
                "address", "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0")));
        assertEquals("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", read.governor().address().toString());
    }

    @Test
    void namesABadAddress() throws Exception {
        String message = failure(edit(json -> json.withObject("/contracts/rewardPolicy").put("address", "0x1234")));
        assertTrue(message.startsWith("contracts.rewardPolicy.address: '0x1234' is not an address"), message);
    }

    @Test
    void namesAMixedCaseAddressWithABadChecksum() throws Exception {
        String message = failure(edit(json -> json.withObject("/settings")
                .put("updater", "0x23618E81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f")));
        assertTrue(message.startsWith("settings.updater: '0x23618E81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f' has a bad EIP-55 checksum"),
                message);
    }

    @Test
    void namesAMissingContract() throws Exception {
        String message = failure(edit(json -> json.withObject("/contracts").remove("rewardDistributor")));
        assertEquals("contracts.rewardDistributor: is missing", message);
    }

    @Test
    void namesAMissingChainId() throws Exception {
        assertEquals("chainId: is missing", failure(edit(json -> json.remove("chainId"))));
        assertEquals("chainId: '\"31337\"' is not an integer (line 3, column 15)",
                failure(edit(json -> json.put("chainId", "31337"))));
        assertEquals("chainId: must be at least 1, was 0", failure(edit(json -> json.put("chainId", 0))));
    }

    @Test
    void namesABadBlockHashOrQuantity() throws Exception {
        assertEquals("contracts.token.block: must not be negative, was -1",
                failure(edit(json -> json.withObject("/contracts/token").put("block", -1))));
        assertTrue(failure(edit(json -> json.withObject("/contracts/timelock").put("transactionHash", "0xabc")))
                .startsWith("contracts.timelock.transactionHash: '0xabc' is not a transaction hash"));
        assertEquals("settings.disputeBond: '1e18' is not a non-negative decimal integer (line 46, column 21)",
                failure(edit(json -> json.withObject("/settings").put("disputeBond", "1e18"))));
        assertEquals("settings.maxEpochSkip: is missing",
                failure(edit(json -> json.withObject("/settings").remove("maxEpochSkip"))));
        assertEquals("settings.rollupPermissionless: must be true or false (line 49, column 30)",
                failure(edit(json -> json.withObject("/settings").put("rollupPermissionless", "yes"))));
        assertEquals("settings.verifiers[0]: must be a string (line 39, column 21)",
                failure(edit(json -> json.withObject("/settings").putArray("verifiers").add(7))));
    }

    @Test
    void refusesAnotherFormatAndSomethingThatIsNotJson() throws Exception {
        // Format 1 predates the distributor's resolution period, epoch skip bound and guardian: refused, not guessed.
        assertEquals("format: 1 is not supported (expected 2)", failure(edit(json -> json.put("format", 1))));
        assertTrue(failure("{\"format\": 2,").startsWith("not valid JSON: "));
        assertEquals("not a JSON object (line 1, column 1)", failure("[]"));
        assertEquals("not a JSON object (line 1, column 1)", failure("null"));
    }

    @Test
    void refusesAnUnknownFieldNamingTheKnownOnes() throws Exception {
        // A misspelt key would otherwise leave the real one missing, or, were it optional, silently unset.
        String message = failure(edit(json -> json.withObject("/settings").put("disputeBnd", "1")));
        assertTrue(message.startsWith("settings.disputeBnd: unknown field (known: updater, guardian, verifiers, "), message);
        assertTrue(message.endsWith(", rollupPermissionless, rewardFunding)"), message);
    }

    @Test
    void namesMalformedJsonByLineAndColumnInItsOwnWords() {
        String missingComma = DeploymentJson.toJson(SAMPLE).replace("\"block\" : 7,", "\"block\" : 7");
        String message = failure(missingComma);
        assertTrue(message.startsWith("not valid JSON: Unexpected character ('\"' (code 34)): was expecting comma"), message);
        assertTrue(message.endsWith(" (line 23, column 7)"), message);
        String truncated = failure("{\"format\": 2,");
        assertEquals("not valid JSON: Unexpected end-of-input within/between Object entries (line 1, column 14)", truncated);
        for (String text : List.of(message, truncated)) {
            for (String internal : List.of("Source", "REDACTED", "jackson", "dev.govengine", "reference chain", "`")) {
                assertFalse(text.contains(internal), text);
            }
        }
    }

    @Test
    void refusesAKeyGivenTwiceAndContentAfterTheDocument() {
        String json = DeploymentJson.toJson(SAMPLE);
        assertEquals("field \"chainId\" appears twice (line 4, column 12)",
                failure(json.replace("\"chainId\" : 31337,", "\"chainId\" : 31337,\n  \"chainId\" : 1,")));
        assertEquals("more content after the end of the JSON document (line 53, column 1)", failure(json + "{}"));
    }

    @Test
    void readsAFileThatStartsWithAByteOrderMark() {
        assertEquals(SAMPLE, DeploymentJson.parse("\uFEFF" + DeploymentJson.toJson(SAMPLE)));
    }

    @Test
    void namesAFileThatIsNotThere() {
        Path missing = Path.of("does-not-exist", "deployment.json");
        InvalidDeploymentException e = assertThrows(InvalidDeploymentException.class, () -> DeploymentJson.read(missing));
        assertEquals("no such file " + missing, e.getMessage());
    }

    private static String failure(String json) {
        return assertThrows(InvalidDeploymentException.class, () -> DeploymentJson.parse(json)).getMessage();
    }

}
