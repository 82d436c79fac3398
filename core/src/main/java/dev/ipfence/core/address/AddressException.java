package dev.ipfence.core.address;

/** An address, network or range that the strict parser refused; the message names the value and why. */
public class AddressException extends IllegalArgumentException {

    public AddressException(String message) {
        super(message, null);
    }
}
