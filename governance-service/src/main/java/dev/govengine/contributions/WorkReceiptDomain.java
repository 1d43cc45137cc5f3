package dev.govengine.contributions;

import dev.govengine.types.ChecksumAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The EIP-712 domain of work receipts: the RewardPolicy contract (name and version as its {@code eip712Domain()}
 * reports them, the chain id and the contract's address). The separator is computed once per domain.
 */
public final class WorkReceiptDomain {
    private static final byte[] DOMAIN_TYPEHASH = Hash.sha3(
            "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                    .getBytes(StandardCharsets.UTF_8));

    private final String name;
    private final String version;
    private final long chainId;
    private final ChecksumAddress verifyingContract;
    private final byte[] separator;

    public WorkReceiptDomain(String name, String version, long chainId, ChecksumAddress verifyingContract) {
        this.name = Objects.requireNonNull(name, "name");
        this.version = Objects.requireNonNull(version, "version");
        this.chainId = chainId;
        this.verifyingContract = Objects.requireNonNull(verifyingContract, "verifyingContract");
        byte[] encoded = new byte[5 * 32];
        System.arraycopy(DOMAIN_TYPEHASH, 0, encoded, 0, 32);
        System.arraycopy(Hash.sha3(name.getBytes(StandardCharsets.UTF_8)), 0, encoded, 32, 32);
        System.arraycopy(Hash.sha3(version.getBytes(StandardCharsets.UTF_8)), 0, encoded, 64, 32);
        WorkReceiptHasher.putUint(encoded, 96, chainId);
        System.arraycopy(Numeric.hexStringToByteArray(verifyingContract.lowerCase()), 0, encoded, 128 + 12, 20);
        this.separator = Hash.sha3(encoded);
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public long chainId() {
        return chainId;
    }

    public ChecksumAddress verifyingContract() {
        return verifyingContract;
    }

    public byte[] separator() {
        return separator.clone();
    }

    byte[] separatorUnsafe() {
        return separator;
    }

    @Override
    public String toString() {
        return "EIP712Domain(" + name + ", " + version + ", " + chainId + ", " + verifyingContract + ")";
    }
}
