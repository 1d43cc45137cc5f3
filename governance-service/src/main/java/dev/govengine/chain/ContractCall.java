package dev.govengine.chain;

import dev.govengine.types.ChecksumAddress;

/** One eth_call: the contract and the ABI-encoded call, 0x-prefixed. */
public record ContractCall(ChecksumAddress to, String data) {
}
