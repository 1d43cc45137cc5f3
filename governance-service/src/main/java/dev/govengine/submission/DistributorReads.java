package dev.govengine.submission;

import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/** The RewardDistributor's views and calldata that submission needs, over a {@link NodeClient}. */
final class DistributorReads {
    private static final String ROOT_PROPOSED = EventEncoder.encode(RewardDistributor.ROOTPROPOSED_EVENT);
    private static final String DISPUTE_RESOLVED = EventEncoder.encode(RewardDistributor.DISPUTERESOLVED_EVENT);

    /** RewardDistributor.RootStatus, in declaration order. */
    enum RootStatus { NONE, PENDING, DISPUTED, FINALIZED, DISCARDED }

    record EpochRoot(Bytes32 root, BigInteger totalCumulative, long proposedAt, long liveAt, RootStatus status) {
    }

    record Proposal(String txHash, long blockNumber) {
    }

    private final ChecksumAddress distributor;
    private final long fromBlock;

    /** @param fromBlock the distributor's creation block, where its RootProposed logs start */
    DistributorReads(ChecksumAddress distributor, long fromBlock) {
        this.distributor = distributor;
        this.fromBlock = fromBlock;
    }

    ChecksumAddress address() {
        return distributor;
    }

    /** Whether {@code account} holds UPDATER_ROLE; throws if the address does not answer as a RewardDistributor. */
    boolean hasUpdaterRole(NodeClient node, ChecksumAddress account) {
        List<Type> role = call(node, new Function(RewardDistributor.FUNC_UPDATER_ROLE, List.of(),
                List.of(new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { })));
        org.web3j.abi.datatypes.generated.Bytes32 roleId = (org.web3j.abi.datatypes.generated.Bytes32) role.get(0);
        List<Type> has = call(node, new Function(RewardDistributor.FUNC_HASROLE,
                List.of(roleId, new Address(account.lowerCase())), List.of(new TypeReference<Bool>() { })));
        return ((Bool) has.get(0)).getValue();
    }

    EpochRoot epochRoot(NodeClient node, long epoch) {
        List<Type> values = call(node, new Function(RewardDistributor.FUNC_EPOCHROOT, List.of(new Uint256(epoch)),
                List.of(new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() { }, new TypeReference<Uint256>() { },
                        new TypeReference<Uint64>() { }, new TypeReference<Uint64>() { }, new TypeReference<Uint8>() { })));
        return new EpochRoot(Bytes32.wrap(((org.web3j.abi.datatypes.generated.Bytes32) values.get(0)).getValue()), (BigInteger) values.get(1).getValue(),
                ((BigInteger) values.get(2).getValue()).longValueExact(), ((BigInteger) values.get(3).getValue()).longValueExact(),
                RootStatus.values()[((BigInteger) values.get(4).getValue()).intValueExact()]);
    }

    /** The last RootProposed log of {@code epoch} with this root, if any. */
    Optional<Proposal> proposal(NodeClient node, long epoch, Bytes32 root) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameterName.LATEST, distributor.lowerCase());
        filter.addSingleTopic(ROOT_PROPOSED);
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(epoch), 64));
        filter.addSingleTopic(root.toHex());
        List<Log> logs = node.logs(filter);
        if (logs.isEmpty()) {
            return Optional.empty();
        }
        Log last = logs.get(logs.size() - 1);
        return Optional.of(new Proposal(last.getTransactionHash(), last.getBlockNumber().longValueExact()));
    }

    /** How many roots of {@code epoch} governance has discarded (DisputeResolved with valid = false). */
    int discards(NodeClient node, long epoch) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameterName.LATEST, distributor.lowerCase());
        filter.addSingleTopic(DISPUTE_RESOLVED);
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(epoch), 64));
        int discards = 0;
        for (Log log : node.logs(filter)) {
            // The data's first word is `valid`.
            if (Numeric.toBigInt(log.getData().substring(2, 66)).signum() == 0) {
                discards++;
            }
        }
        return discards;
    }

    static String proposeRootCalldata(long epoch, Bytes32 root, BigInteger totalCumulative, String dataUri) {
        return FunctionEncoder.encode(new Function(RewardDistributor.FUNC_PROPOSEROOT, List.of(new Uint256(epoch),
                new org.web3j.abi.datatypes.generated.Bytes32(root.toArray()), new Uint256(totalCumulative), new Utf8String(dataUri)), List.of()));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private List<Type> call(NodeClient node, Function function) {
        String value = node.call(distributor.toString(), FunctionEncoder.encode(function));
        List<Type> decoded = value == null ? List.of()
                : FunctionReturnDecoder.decode(value, (List) function.getOutputParameters());
        if (decoded.size() != function.getOutputParameters().size()) {
            throw new NotADistributorException(distributor, function.getName());
        }
        return decoded;
    }

    /** The configured address does not answer as a RewardDistributor (no code, or another contract). */
    static final class NotADistributorException extends RuntimeException {
        NotADistributorException(ChecksumAddress address, String function) {
            super(address + " does not answer " + function + "() as a RewardDistributor does (no contract there, or another one)");
        }
    }
}
