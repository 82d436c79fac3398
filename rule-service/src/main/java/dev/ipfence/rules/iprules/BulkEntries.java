package dev.ipfence.rules.iprules;

import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits a bulk import: entries separated by newlines, commas or whitespace; {@code #} comments to end of line. */
final class BulkEntries {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");

    private BulkEntries() {}

    static List<String> split(String text) {
        List<String> entries = new ArrayList<>();
        for (String line : text.split("\\R", -1)) {
            int hash = line.indexOf('#');
            String content = hash >= 0 ? line.substring(0, hash) : line;
            for (String entry : SEPARATORS.split(content)) {
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    /** One entry: a CIDR, an address, or a range {@code from-to}. */
    static IpBlock parse(String entry) {
        int dash = entry.indexOf('-');
        return dash < 0
                ? Addresses.parseNetwork(entry)
                : Addresses.parseRange(entry.substring(0, dash), entry.substring(dash + 1));
    }
}
