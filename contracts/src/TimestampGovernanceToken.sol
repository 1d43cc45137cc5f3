// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GovernanceToken} from "./GovernanceToken.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";

/// @notice The DAO's voting token with an ERC-6372 clock in seconds. A DaoGovernor takes its clock from its token
///         (GovernorVotes), so over this token it runs in timestamp mode: snapshots and deadlines are timestamps,
///         voting delay and period are seconds. Everything else is GovernanceToken's.
contract TimestampGovernanceToken is GovernanceToken {
    constructor(string memory name_, string memory symbol_, address initialOwner)
        GovernanceToken(name_, symbol_, initialOwner)
    {}

    function clock() public view override returns (uint48) {
        return Time.timestamp();
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }
}
