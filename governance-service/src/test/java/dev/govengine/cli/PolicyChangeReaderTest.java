package dev.govengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.govengine.json.JsonFileException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web3j.abi.FunctionEncoder;

/**
 * The policy change file alone, without a chain: what it turns into and how it is refused. The command's own test
 * (ProposePolicyCommandTest) sends such a file through the DAO on Anvil.
 */
class PolicyChangeReaderTest {
    private static final String VERIFIER = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";

    @Test
    void theCallsComeInTheDocumentedOrderWhateverTheFilesOrder() throws Exception {
        PolicyChangeReader.PolicyChange change = PolicyChangeReader.read("""
                {"verifiers": {"add": ["%s"]}, "gpuClassWeights": {"4": "900", "2": "300"}, "description": "# x",
                 "governanceMode": "squareRoot", "epochLength": 7200}""".formatted(VERIFIER.toLowerCase()));
        assertEquals(List.of("setEpochLength", "setGpuClassWeight", "setGpuClassWeight", "setGovernanceMode", "addVerifier"),
                change.calls().stream().map(call -> call.getName()).toList());
        assertEquals(FunctionEncoder.encode(change.calls().get(1)), FunctionEncoder.encode(PolicyChangeReader.read(
                "{\"description\": \"# x\", \"gpuClassWeights\": {\"2\": \"300\"}}").calls().get(0)), "class 2 first");
        assertEquals(1L, ((org.web3j.abi.datatypes.generated.Uint8) change.calls().get(3).getInputParameters().get(0))
                .getValue().longValueExact(), "squareRoot is RewardPolicy's mode 1");
    }

    @Test
    void aByteOrderMarkIsIgnored() throws Exception {
        assertEquals(1, PolicyChangeReader.read("\uFEFF{\"description\": \"# x\", \"minPayout\": \"1\"}").calls().size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            GPU class written twice | {"description": "# x", "gpuClassWeights": {"1": "5", "01": "6"}}  | gpuClassWeights.01: a GPU class is an integer from 0 to 255, written without leading zeros (line 1, column 54)
            unknown field           | {"description": "# x", "recipientCap": 3000}                    | recipientCap: unknown field (known: description, epochLength, budgetPerEpoch, programSplit, gpuClassWeights, rollupKindWeights, recipientCapBps, minPayout, governanceMode, verifiers)
            epoch length 0          | {"description": "# x", "epochLength": 0}                        | epochLength: 0 is out of range [1, 18446744073709551615]
            cap above 10000         | {"description": "# x", "recipientCapBps": 10001}                | recipientCapBps: 10001 is out of range [1, 10000]
            share missing           | {"description": "# x", "programSplit": {"depin": 10000, "rollup": 0}} | programSplit.governance: missing: the split sets all three programs
            blank kind              | {"description": "# x", "rollupKindWeights": {" ": "1"}}        | rollupKindWeights. : a rollup kind needs a name
            no weights              | {"description": "# x", "gpuClassWeights": {}}                   | gpuClassWeights: expected a non-empty object of weights (decimal strings)
            null verifier           | {"description": "# x", "verifiers": {"add": [null]}}            | verifiers.add[0]: must not be null (line 1, column 46)
            zero verifier           | {"description": "# x", "verifiers": {"remove": ["0x0000000000000000000000000000000000000000"]}} | verifiers.remove[0]: the zero address cannot be a verifier
            mode misspelt           | {"description": "# x", "governanceMode": "sqrt"}                | governanceMode: expected "linear" or "squareRoot", found "sqrt" (line 1, column 42)
            seconds as a string     | {"description": "# x", "epochLength": "60"}                     | epochLength: '"60"' is not an integer (line 1, column 39)
            not JSON                | {"description": "# x",, }                                       | $: not valid JSON: Unexpected character (',' (code 44)): was expecting double-quote to start field name (line 1, column 23)
            """)
    void refusesNamingTheFieldInItsOwnWords(String name, String json, String expected) {
        JsonFileException e = assertThrows(JsonFileException.class, () -> PolicyChangeReader.read(json), name);
        assertEquals(List.of(expected), e.problems(), name);
    }

    @Test
    void namesEveryFieldThatBreaksARuleAtOnce() {
        JsonFileException e = assertThrows(JsonFileException.class, () -> PolicyChangeReader.read(
                "{\"description\": \" \", \"epochLength\": 0, \"recipientCapBps\": 0}"));
        assertEquals(List.of("description: expected the proposal's text (Markdown, first line the title)",
                "epochLength: 0 is out of range [1, 18446744073709551615]", "recipientCapBps: 0 is out of range [1, 10000]"),
                e.problems());
    }
}
