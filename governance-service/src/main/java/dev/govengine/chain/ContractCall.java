package dev.govengine.chain;

/** One eth_call: the contract and the ABI-encoded call, 0x-prefixed. */
public record ContractCall(ChecksumAddress to, String data) {
}
