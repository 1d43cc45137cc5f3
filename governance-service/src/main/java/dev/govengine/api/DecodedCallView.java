package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import dev.govengine.governance.DecodedCall;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("DecodedCall")
@Description("A proposal action's call decoded by the ABI of its function.")
public record DecodedCallView(
        @NonNull @Description("The function's name, e.g. transfer.") String function,
        @NonNull @Description("The function's canonical signature, e.g. transfer(address,uint256).") String signature,
        @NonNull @Description("The arguments, in the function's parameter order.")
        List<@NonNull DecodedArgumentView> arguments) implements HeadIndependent {

    static DecodedCallView of(DecodedCall call) {
        return new DecodedCallView(call.function(), call.signature(),
                call.arguments().stream().map(DecodedArgumentView::of).toList());
    }

    @Type("DecodedArgument")
    @Description("One argument of a decoded call.")
    public record DecodedArgumentView(
            @Description("The parameter's name in the ABI; null where no ABI names it, as for a signature only a "
                    + "GovernorBravo proposal declares.") String name,
            @NonNull @Description("The parameter's ABI type, e.g. uint256 or address[].") String type,
            @NonNull @Description("The value: an address EIP-55 checksummed, an integer in decimal, bytes as 0x-prefixed "
                    + "hex, true or false, a string as it is; an array as a JSON array of its elements rendered so, "
                    + "each a JSON string (nested arrays nest), e.g. [\"1\",\"2\"].") String value)
            implements HeadIndependent {

        static DecodedArgumentView of(DecodedCall.DecodedArgument argument) {
            return new DecodedArgumentView(argument.name(), argument.type(), argument.value());
        }
    }
}
