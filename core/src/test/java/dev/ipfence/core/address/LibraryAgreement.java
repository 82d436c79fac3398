package dev.ipfence.core.address;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.Supplier;

/**
 * What the generated-input tests of the hand-written parse paths share: altered texts, and the
 * check that {@link Addresses} gives what the strict library parse alone gives.
 */
final class LibraryAgreement {

    private LibraryAgreement() {}

    /** Inserts, removes or replaces {@code edits} characters at random places, new ones from {@code alphabet}. */
    static void alter(StringBuilder text, int edits, String alphabet, Random random) {
        for (int edit = 0; edit < edits; edit++) {
            int at = random.nextInt(text.length() + 1);
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(3)) {
                case 0 -> text.insert(at, c);
                case 1 -> {
                    if (at < text.length()) {
                        text.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < text.length()) {
                        text.setCharAt(at, c);
                    }
                }
            }
        }
    }

    /**
     * Asserts that {@code input} read as a network and as an address gives the library's outcome:
     * the same value, or a refusal with the same message. Returns whether it is an address.
     */
    static boolean agrees(String input) {
        assertThat(outcome(() -> Addresses.parseNetwork(input)))
                .as("network %s", input)
                .isEqualTo(outcome(() -> Addresses.parseNetworkWithLibrary(input)));
        Object address = outcome(() -> Addresses.parseAddress(input));
        assertThat(address).as("address %s", input).isEqualTo(outcome(() -> Addresses.parseAddressWithLibrary(input)));
        return address instanceof IpAddress;
    }

    private static Object outcome(Supplier<Object> parse) {
        try {
            return parse.get();
        } catch (AddressException e) {
            return "refused: " + e.getMessage();
        }
    }
}
