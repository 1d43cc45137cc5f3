package dev.govengine.config;

import dev.govengine.types.ChecksumAddress;
import org.eclipse.microprofile.config.spi.Converter;

/** Lets configuration mappings declare addresses as {@link ChecksumAddress}, so a malformed one fails at start-up. */
public class ChecksumAddressConverter implements Converter<ChecksumAddress> {
    @Override
    public ChecksumAddress convert(String value) {
        return ChecksumAddress.of(value);
    }
}
