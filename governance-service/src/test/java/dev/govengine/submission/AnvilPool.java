package dev.govengine.submission;

import dev.govengine.devnet.AnvilControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.utils.Numeric;

/** Anvil's transaction pool and block production controls that the submission tests steer. */
public final class AnvilPool {
    private final Web3jService service;

    public AnvilPool(Web3jService service) {
        this.service = service;
    }

    public void automine(boolean on) {
        call("evm_setAutomine", List.of(on));
    }

    public void mine() {
        call("evm_mine", List.of());
    }

    void dropTransaction(String hash) {
        call("anvil_dropTransaction", List.of(hash));
    }

    void nextBlockBaseFee(BigInteger weiPerGas) {
        call("anvil_setNextBlockBaseFeePerGas", List.of(Numeric.encodeQuantity(weiPerGas)));
    }

    public void setBalance(String address, BigInteger wei) {
        call("anvil_setBalance", List.of(address, Numeric.encodeQuantity(wei)));
    }

    private void call(String method, List<?> params) {
        try {
            Response<?> response = new Request<>(method, params, service, AnvilControl.GenericResponse.class).send();
            if (response.hasError()) {
                throw new IllegalStateException(method + " failed: " + response.getError().getMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
