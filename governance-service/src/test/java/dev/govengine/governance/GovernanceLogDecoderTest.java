package dev.govengine.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.govengine.chain.ChainLog;
import dev.govengine.chain.UndecodableLogException;
import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;

/**
 * VoteCast and DelegateVotesChanged are decoded word by word for speed; these check that path against data encoded
 * by web3j's ABI encoder, and that malformed data is still refused rather than misread.
 */
class GovernanceLogDecoderTest {
    private static final ChecksumAddress GOVERNOR = ChecksumAddress.of("0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0");
    private static final ChecksumAddress TOKEN = ChecksumAddress.of("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private static final String VOTER = "0x00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8";
    private static final BigInteger MAX_UINT256 = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    @Test
    void voteCastDecodesEveryFieldIncludingLongAndNonAsciiReasons() {
        String reason = "Ja, weil: ".repeat(20) + "👍 ünïcödé";
        for (String each : List.of("", "for", reason)) {
            GovernanceEvent.VoteCast vote = (GovernanceEvent.VoteCast) decode(GOVERNOR, DaoGovernor.VOTECAST_EVENT,
                    List.of(VOTER), new Uint256(MAX_UINT256), new Uint8(2), new Uint256(BigInteger.TEN.pow(24)),
                    new Utf8String(each));
            assertEquals(ChecksumAddress.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"), vote.voter());
            assertEquals(MAX_UINT256, vote.proposalId());
            assertEquals(2, vote.support());
            assertEquals(BigInteger.TEN.pow(24), vote.weight());
            assertEquals(each, vote.reason());
            assertNull(vote.params());
        }
    }

    @Test
    void wordsAreReadWithOrWithoutThePrefixAndInEitherCase() {
        String topic = EventEncoder.encode(DaoGovernor.VOTECAST_EVENT);
        String data = FunctionEncoder.encodeConstructor(List.of(new Uint256(MAX_UINT256), new Uint8(1),
                new Uint256(BigInteger.TEN.pow(24)), new Utf8String("ok")));
        for (String each : List.of("0x" + data, data, "0x" + data.toUpperCase(java.util.Locale.ROOT))) {
            ChainLog log = new ChainLog(GOVERNOR, List.of(topic, VOTER), each, 1, "0x01", "0x02", 0);
            GovernanceEvent.VoteCast vote = (GovernanceEvent.VoteCast) GovernanceLogDecoder.decode(log, 0, GOVERNOR,
                    TOKEN).orElseThrow();
            assertEquals(MAX_UINT256, vote.proposalId());
            assertEquals(1, vote.support());
            assertEquals(BigInteger.TEN.pow(24), vote.weight());
            assertEquals("ok", vote.reason());
        }
    }

    @Test
    void delegateVotesChangedDecodesBothAmounts() {
        GovernanceEvent.DelegateVotesChanged change = (GovernanceEvent.DelegateVotesChanged) decode(TOKEN,
                GovernanceToken.DELEGATEVOTESCHANGED_EVENT, List.of(VOTER), new Uint256(BigInteger.ONE),
                new Uint256(MAX_UINT256));
        assertEquals(BigInteger.ONE, change.previousVotes());
        assertEquals(MAX_UINT256, change.newVotes());
    }

    @Test
    void transferDecodesTheErc20AndTheErc721ShapeByTheirTopicCount() {
        String zero = "0x" + "0".repeat(64);
        GovernanceEvent.TokenTransfer erc20 = (GovernanceEvent.TokenTransfer) decode(TOKEN,
                GovernanceToken.TRANSFER_EVENT, List.of(zero, VOTER), new Uint256(MAX_UINT256));
        assertEquals(ChecksumAddress.of("0x0000000000000000000000000000000000000000"), erc20.from());
        assertEquals(ChecksumAddress.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"), erc20.to());
        assertEquals(MAX_UINT256, erc20.amount());
        String tokenId = String.format("0x%064x", 12345);
        GovernanceEvent.TokenTransfer erc721 = (GovernanceEvent.TokenTransfer) decode(TOKEN,
                GovernanceToken.TRANSFER_EVENT, List.of(VOTER, zero, tokenId));
        assertEquals(ChecksumAddress.of("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"), erc721.from());
        assertEquals(BigInteger.ONE, erc721.amount(), "one token, whatever its id");

        String topic = EventEncoder.encode(GovernanceToken.TRANSFER_EVENT);
        for (List<String> topics : List.of(List.of(topic, VOTER), List.of(topic, VOTER, zero, tokenId, tokenId))) {
            ChainLog log = new ChainLog(TOKEN, topics, "0x", 1, "0x01", "0x02", 0);
            assertThrows(UndecodableLogException.class, () -> GovernanceLogDecoder.decode(log, 0, GOVERNOR, TOKEN));
        }
        ChainLog noValue = new ChainLog(TOKEN, List.of(topic, VOTER, zero), "0x", 1, "0x01", "0x02", 0);
        assertThrows(UndecodableLogException.class, () -> GovernanceLogDecoder.decode(noValue, 0, GOVERNOR, TOKEN));
    }

    @Test
    void truncatedOrInconsistentDataIsRefused() {
        String topic = EventEncoder.encode(DaoGovernor.VOTECAST_EVENT);
        String valid = FunctionEncoder.encodeConstructor(List.of(new Uint256(1), new Uint8(1), new Uint256(5),
                new Utf8String("reason")));
        String support300 = valid.substring(0, 64) + String.format("%064x", 300) + valid.substring(128);
        String lengthPastEnd = valid.substring(0, 256) + String.format("%064x", 10_000) + valid.substring(320);
        String notHex = valid.substring(0, 190) + "g5" + valid.substring(192);
        for (String data : List.of("0x", "0x" + valid.substring(0, 192), "0x" + support300, "0x" + lengthPastEnd,
                "0x" + notHex)) {
            ChainLog log = new ChainLog(GOVERNOR, List.of(topic, VOTER), data, 1, "0x01", "0x02", 0);
            assertThrows(UndecodableLogException.class, () -> GovernanceLogDecoder.decode(log, 0, GOVERNOR, TOKEN));
        }
    }

    private static GovernanceEvent decode(ChecksumAddress emitter, Event event,
            List<String> indexed, Type<?>... values) {
        List<String> topics = new ArrayList<>(List.of(EventEncoder.encode(event)));
        topics.addAll(indexed);
        String data = "0x" + FunctionEncoder.encodeConstructor(List.of(values));
        return GovernanceLogDecoder.decode(new ChainLog(emitter, topics, data, 7, "0xab", "0xcd", 3), 1_700_000_000L,
                GOVERNOR, TOKEN).orElseThrow();
    }
}
