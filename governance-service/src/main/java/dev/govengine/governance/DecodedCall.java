package dev.govengine.governance;

import java.util.List;

/**
 * A call's arguments read back from its calldata by the function's ABI: {@code function} is its name and
 * {@code signature} its canonical form, such as {@code transfer(address,uint256)}.
 */
public record DecodedCall(String function, String signature, List<DecodedArgument> arguments) {

    /**
     * One argument. {@code name} is the parameter's name in the ABI, null where none is known (a signature that only a
     * GovernorBravo proposal declares, or an unnamed parameter). {@code value} is rendered as the API shows it:
     * addresses EIP-55, integers decimal, bytes 0x-hex, {@code true}/{@code false}, strings as they are, and arrays as
     * a JSON array of their elements rendered the same way, each a JSON string, nested arrays nested.
     */
    public record DecodedArgument(String name, String type, String value) {
    }
}
