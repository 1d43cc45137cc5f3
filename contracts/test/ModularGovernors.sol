// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorCountingFractional} from
    "@openzeppelin/contracts/governance/extensions/GovernorCountingFractional.sol";
import {GovernorSuperQuorum} from "@openzeppelin/contracts/governance/extensions/GovernorSuperQuorum.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from
    "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {GovernorVotesSuperQuorumFraction} from
    "@openzeppelin/contracts/governance/extensions/GovernorVotesSuperQuorumFraction.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {GovernorCountingOverridable} from
    "@openzeppelin/contracts/governance/extensions/GovernorCountingOverridable.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {VotesExtended} from "@openzeppelin/contracts/governance/utils/VotesExtended.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {GovernanceToken} from "../src/GovernanceToken.sol";

/// @title FractionalGovernor
/// @notice Test-only Governor with OpenZeppelin's GovernorCountingFractional: a voter may split its weight across
///         against, for and abstain (support 255) and vote several times with parts of it. The indexer's tallies,
///         votes and states are compared with this contract's own answers.
/// @dev Not part of the deployed contract set; scripts/compile.mjs compiles it for the Java tests' wrappers.
contract FractionalGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingFractional,
    GovernorVotes,
    GovernorVotesQuorumFraction
{
    constructor(string memory name_, IVotes token_, uint48 votingDelay_, uint32 votingPeriod_, uint256 quorumNumerator_)
        Governor(name_)
        GovernorSettings(votingDelay_, votingPeriod_, 0)
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(quorumNumerator_)
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
}

/// @title SuperQuorumGovernor
/// @notice Test-only Governor with OpenZeppelin's GovernorVotesSuperQuorumFraction: a proposal whose for-votes reach
///         the super quorum succeeds before its deadline. No timelock: a passed proposal executes directly.
/// @dev Not part of the deployed contract set; scripts/compile.mjs compiles it for the Java tests' wrappers.
contract SuperQuorumGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesSuperQuorumFraction
{
    constructor(
        string memory name_,
        IVotes token_,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 quorumNumerator_,
        uint256 superQuorumNumerator_
    )
        Governor(name_)
        GovernorSettings(votingDelay_, votingPeriod_, 0)
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(quorumNumerator_)
        GovernorVotesSuperQuorumFraction(superQuorumNumerator_)
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

    function proposalVotes(uint256 proposalId)
        public
        view
        override(GovernorCountingSimple, GovernorSuperQuorum)
        returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes)
    {
        return super.proposalVotes(proposalId);
    }

    function state(uint256 proposalId)
        public
        view
        override(Governor, GovernorVotesSuperQuorumFraction)
        returns (ProposalState)
    {
        return super.state(proposalId);
    }
}

/// @title L1ClockToken
/// @notice Test-only votes token whose clock is not the block number it runs on, as on an L2 whose tokens count
///         L1 blocks (Arbitrum's case): one L1 block for every four L2 blocks here. CLOCK_MODE still says
///         `mode=blocknumber&from=default`, so nothing but the clock's own answers tells the two apart.
/// @dev Not part of the deployed contract set; scripts/compile.mjs compiles it for the Java tests' wrappers.
contract L1ClockToken is GovernanceToken {
    constructor(string memory name_, string memory symbol_, address initialOwner)
        GovernanceToken(name_, symbol_, initialOwner)
    {}

    function clock() public view override returns (uint48) {
        return uint48(block.number / 4);
    }
}

/// @title SimpleGovernor
/// @notice Test-only Governor with GovernorCountingSimple and no timelock, over any votes token; with L1ClockToken
///         its snapshots, deadlines and state run on the token's clock.
/// @dev Not part of the deployed contract set; scripts/compile.mjs compiles it for the Java tests' wrappers.
contract SimpleGovernor is Governor, GovernorSettings, GovernorCountingSimple, GovernorVotes, GovernorVotesQuorumFraction {
    constructor(string memory name_, IVotes token_, uint48 votingDelay_, uint32 votingPeriod_, uint256 quorumNumerator_)
        Governor(name_)
        GovernorSettings(votingDelay_, votingPeriod_, 0)
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(quorumNumerator_)
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
}

/// @title OverridableVotesToken
/// @notice Test-only ERC20Votes token with OpenZeppelin's VotesExtended, which GovernorCountingOverridable needs to
///         know a delegator's past delegate and balance.
/// @dev Not part of the deployed contract set; scripts/compile.mjs compiles it for the Java tests' wrappers.
contract OverridableVotesToken is ERC20, ERC20Permit, ERC20Votes, VotesExtended {
    constructor() ERC20("Overridable", "OVR") ERC20Permit("Overridable") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function _delegate(address account, address delegatee) internal override(Votes, VotesExtended) {
        super._delegate(account, delegatee);
    }

    function _transferVotingUnits(address from, address to, uint256 amount)
        internal
        override(Votes, VotesExtended)
    {
        super._transferVotingUnits(from, to, amount);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}

/// @title OverridableGovernor
/// @notice Test-only Governor with OpenZeppelin's GovernorCountingOverridable: a delegator may override the vote its
///         delegate cast with its weight (OverrideVoteCast), which reduces the delegate's (VoteReduced).
/// @dev Not part of the deployed contract set; scripts/compile.mjs compiles it for the Java tests' wrappers.
contract OverridableGovernor is Governor, GovernorSettings, GovernorCountingOverridable, GovernorVotesQuorumFraction {
    constructor(IVotes token_, uint48 votingDelay_, uint32 votingPeriod_, uint256 quorumNumerator_)
        Governor("Overridable Governor")
        GovernorSettings(votingDelay_, votingPeriod_, 0)
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(quorumNumerator_)
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
}

/// @title BurnableVotesToken
/// @notice Test-only ERC20Votes token anyone may mint and burn from, for the wallet API's balances, holders and
///         supply, which the indexer follows through Transfer events to and from the zero address.
/// @dev Not part of the deployed contract set; scripts/compile.mjs compiles it for the Java tests' wrappers.
contract BurnableVotesToken is ERC20, ERC20Permit, ERC20Votes {
    constructor() ERC20("Burnable Votes", "BVT") ERC20Permit("Burnable Votes") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function burn(address from, uint256 amount) external {
        _burn(from, amount);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
