package dev.govengine.devnet;

import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;

/** The funded accounts of a local node started with {@link AnvilNode#DEV_MNEMONIC}; their keys are public. */
public final class DevAccounts {
    private static final int HARDENED = Bip32ECKeyPair.HARDENED_BIT;
    private static final Bip32ECKeyPair MASTER =
            Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(AnvilNode.DEV_MNEMONIC, ""));

    private DevAccounts() {
    }

    /** Signs the devnet's work receipts: the RewardPolicy's initial verifier. */
    public static Credentials verifier() {
        return account(7);
    }

    /** The devnet engine's signer: the RewardDistributor's updater. Accounts 0 to 6 play the deployer and the DAO. */
    public static Credentials engine() {
        return account(8);
    }

    /** The account at BIP-44 path m/44'/60'/0'/0/{index}, the same derivation Anvil uses. */
    public static Credentials account(int index) {
        int[] path = {44 | HARDENED, 60 | HARDENED, HARDENED, 0, index};
        return Credentials.create(Bip32ECKeyPair.deriveKeyPair(MASTER, path));
    }
}
