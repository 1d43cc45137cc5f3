// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorProposalGuardian} from "@openzeppelin/contracts/governance/extensions/GovernorProposalGuardian.sol";
import {GovernorSequentialProposalId} from
    "@openzeppelin/contracts/governance/extensions/GovernorSequentialProposalId.sol";
import {GovernorStorage} from "@openzeppelin/contracts/governance/extensions/GovernorStorage.sol";
import {GovernorTimelockAccess} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockAccess.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from
    "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721Votes} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721Votes.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

/// @title TestAccessManager
/// @notice OpenZeppelin's AccessManager, deployable by name: the manager a GovernorTimelockAccess schedules through.
/// @dev Not part of the deployed contract set; scripts/compile.mjs compiles it for the Java tests' wrappers.
contract TestAccessManager is AccessManager {
    constructor(address initialAdmin) AccessManager(initialAdmin) {}
}

/// @title VotesNft
/// @notice Test-only ERC721Votes token, one vote per NFT: the voting token of an NFT DAO. Anyone may mint.
/// @dev Not part of the deployed contract set; scripts/compile.mjs compiles it for the Java tests' wrappers.
contract VotesNft is ERC721, EIP712, ERC721Votes {
    uint256 private _nextTokenId = 1;

    constructor() ERC721("Votes NFT", "VNFT") EIP712("Votes NFT", "1") {}

    function mint(address to, uint256 count) external {
        for (uint256 i = 0; i < count; i++) {
            _mint(to, _nextTokenId++);
        }
    }

    function _update(address to, uint256 tokenId, address auth)
        internal
        override(ERC721, ERC721Votes)
        returns (address)
    {
        return super._update(to, tokenId, auth);
    }

    function _increaseBalance(address account, uint128 amount) internal override(ERC721, ERC721Votes) {
        super._increaseBalance(account, amount);
    }
}

/// @title TimestampVotesNft
/// @notice Test-only VotesNft on the timestamp clock (ERC-6372 `mode=timestamp`): an NFT DAO whose snapshots,
///         deadlines and past votes count seconds.
contract TimestampVotesNft is VotesNft {
    function clock() public view override returns (uint48) {
        return Time.timestamp();
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }
}

/// @title GovernorCountingPreference
/// @notice Test-only counting module this engine does not know: support values 10 (approve), 11 (reject) and
///         12 (pass) instead of GovernorCountingSimple's 0/1/2, any params taken as a note. The indexer must list
///         such votes as they were cast and take the tallies from proposalVotes.
abstract contract GovernorCountingPreference is Governor {
    uint8 public constant APPROVE = 10;
    uint8 public constant REJECT = 11;
    uint8 public constant PASS = 12;

    struct Tally {
        uint256 rejected;
        uint256 approved;
        uint256 passed;
        mapping(address voter => bool) hasVoted;
    }

    mapping(uint256 proposalId => Tally) private _tallies;

    // solhint-disable-next-line func-name-mixedcase
    function COUNTING_MODE() public pure virtual override returns (string memory) {
        return "support=preference&quorum=approve&params=note";
    }

    function hasVoted(uint256 proposalId, address account) public view virtual override returns (bool) {
        return _tallies[proposalId].hasVoted[account];
    }

    function proposalVotes(uint256 proposalId)
        public
        view
        virtual
        returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes)
    {
        Tally storage tally = _tallies[proposalId];
        return (tally.rejected, tally.approved, tally.passed);
    }

    function _quorumReached(uint256 proposalId) internal view virtual override returns (bool) {
        return quorum(proposalSnapshot(proposalId)) <= _tallies[proposalId].approved;
    }

    function _voteSucceeded(uint256 proposalId) internal view virtual override returns (bool) {
        return _tallies[proposalId].approved > _tallies[proposalId].rejected;
    }

    function _countVote(uint256 proposalId, address account, uint8 support, uint256 totalWeight, bytes memory)
        internal
        virtual
        override
        returns (uint256)
    {
        Tally storage tally = _tallies[proposalId];
        if (tally.hasVoted[account]) revert GovernorAlreadyCastVote(account);
        tally.hasVoted[account] = true;
        if (support == APPROVE) tally.approved += totalWeight;
        else if (support == REJECT) tally.rejected += totalWeight;
        else if (support == PASS) tally.passed += totalWeight;
        else revert GovernorInvalidVoteType();
        return totalWeight;
    }
}

/// @title AccessManagedGovernor
/// @notice Test-only Governor with OpenZeppelin's GovernorTimelockAccess (operations delayed by an AccessManager and a
///         base delay) and the unknown counting module above.
/// @dev Not part of the deployed contract set; scripts/compile.mjs compiles it for the Java tests' wrappers.
contract AccessManagedGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingPreference,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockAccess
{
    constructor(
        IVotes token_,
        address manager_,
        uint32 baseDelay_,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 quorumNumerator_
    )
        Governor("Access Managed Governor")
        GovernorSettings(votingDelay_, votingPeriod_, 0)
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(quorumNumerator_)
        GovernorTimelockAccess(manager_, baseDelay_)
    {}

    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockAccess)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    function propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description
    ) public override(Governor, GovernorTimelockAccess) returns (uint256) {
        return super.propose(targets, values, calldatas, description);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockAccess) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockAccess) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockAccess) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }
}

/// @title StoredSequentialGovernor
/// @notice Test-only Governor with OpenZeppelin's GovernorStorage (queue, execute and cancel by id),
///         GovernorSequentialProposalId (ids 1, 2, 3...) and GovernorProposalGuardian (a guardian cancels any
///         pending or active proposal), voting with an ERC721Votes token in the tests.
/// @dev Not part of the deployed contract set; scripts/compile.mjs compiles it for the Java tests' wrappers.
contract StoredSequentialGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorStorage,
    GovernorSequentialProposalId,
    GovernorProposalGuardian,
    GovernorVotes,
    GovernorVotesQuorumFraction
{
    constructor(
        IVotes token_,
        address guardian_,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 quorumNumerator_
    )
        Governor("Stored Sequential Governor")
        GovernorSettings(votingDelay_, votingPeriod_, 0)
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(quorumNumerator_)
    {
        _setProposalGuardian(guardian_);
    }

    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function getProposalId(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) public view override(Governor, GovernorSequentialProposalId) returns (uint256) {
        return super.getProposalId(targets, values, calldatas, descriptionHash);
    }

    function _propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description,
        address proposer
    ) internal override(Governor, GovernorStorage, GovernorSequentialProposalId) returns (uint256) {
        return super._propose(targets, values, calldatas, description, proposer);
    }

    function _validateCancel(uint256 proposalId, address caller)
        internal
        view
        override(Governor, GovernorProposalGuardian)
        returns (bool)
    {
        return super._validateCancel(proposalId, caller);
    }
}
