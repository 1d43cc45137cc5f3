// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Builds Merkle trees exactly as `@openzeppelin/merkle-tree`'s StandardMerkleTree does for
///         ["address","uint256"] values: leaves sorted by hash, laid out in a complete binary tree in one array
///         (root at 0, children of i at 2i+1 and 2i+2, the sorted leaves at the end in reverse order), sorted-pair
///         hashing. Matching the layout, not just the hashing, lets the tests compare roots with the JS library.
library MerkleTreeBuilder {
    struct Tree {
        bytes32[] nodes;
        /// Position in `nodes` of the leaf for each input value, in input order.
        uint256[] leafPositions;
    }

    function leafHash(address account, uint256 amount) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(account, amount))));
    }

    function build(address[] memory accounts, uint256[] memory amounts) internal pure returns (Tree memory tree) {
        require(accounts.length == amounts.length && accounts.length > 0, "MerkleTreeBuilder: bad input");
        uint256 n = accounts.length;
        bytes32[] memory hashes = new bytes32[](n);
        uint256[] memory order = new uint256[](n);
        for (uint256 i = 0; i < n; i++) {
            hashes[i] = leafHash(accounts[i], amounts[i]);
            order[i] = i;
        }
        // Insertion sort by hash, ascending, as the JS library's default `sortLeaves`.
        for (uint256 i = 1; i < n; i++) {
            uint256 current = order[i];
            uint256 j = i;
            while (j > 0 && hashes[order[j - 1]] > hashes[current]) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = current;
        }
        tree.nodes = new bytes32[](2 * n - 1);
        tree.leafPositions = new uint256[](n);
        for (uint256 sortedIndex = 0; sortedIndex < n; sortedIndex++) {
            uint256 position = tree.nodes.length - 1 - sortedIndex;
            tree.nodes[position] = hashes[order[sortedIndex]];
            tree.leafPositions[order[sortedIndex]] = position;
        }
        for (uint256 i = tree.nodes.length - n; i > 0; i--) {
            uint256 parent = i - 1;
            tree.nodes[parent] = hashPair(tree.nodes[2 * parent + 1], tree.nodes[2 * parent + 2]);
        }
    }

    function root(Tree memory tree) internal pure returns (bytes32) {
        return tree.nodes[0];
    }

    /// @notice Proof for the value at `valueIndex` in the input order.
    function proof(Tree memory tree, uint256 valueIndex) internal pure returns (bytes32[] memory siblings) {
        uint256 position = tree.leafPositions[valueIndex];
        uint256 depth = 0;
        for (uint256 p = position; p > 0; p = (p - 1) / 2) depth++;
        siblings = new bytes32[](depth);
        for (uint256 k = 0; k < depth; k++) {
            siblings[k] = tree.nodes[position % 2 == 1 ? position + 1 : position - 1];
            position = (position - 1) / 2;
        }
    }

    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    /// @notice The flattened form `RewardDistributor.claimMany` takes: all proofs concatenated, and their lengths.
    function flatten(bytes32[][] memory proofs)
        internal
        pure
        returns (bytes32[] memory nodes, uint256[] memory lengths)
    {
        uint256 total = 0;
        lengths = new uint256[](proofs.length);
        for (uint256 i = 0; i < proofs.length; i++) {
            lengths[i] = proofs[i].length;
            total += proofs[i].length;
        }
        nodes = new bytes32[](total);
        uint256 k = 0;
        for (uint256 i = 0; i < proofs.length; i++) {
            for (uint256 j = 0; j < proofs[i].length; j++) nodes[k++] = proofs[i][j];
        }
    }
}
