package dev.ipfence.rules.iprules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BulkEntriesTest {

    @Test
    void entriesAreSeparatedByNewlinesCommasOrWhitespaceAndCommentsEndAtTheLine() {
        String text = "192.0.2.1, 192.0.2.2\r\n# the office\n\t198.51.100.0/24   2001:db8::/32 # vpn\n\n,,";
        assertThat(BulkEntries.split(text))
                .containsExactly("192.0.2.1", "192.0.2.2", "198.51.100.0/24", "2001:db8::/32");
        assertThat(BulkEntries.split("")).isEmpty();
        assertThat(BulkEntries.split("# only a comment")).isEmpty();
    }

    @Test
    void anyMixOfSeparatorsGivesBackTheEntriesInOrder() {
        Random random = new Random(42);
        String[] separators = {"\n", "\r\n", ",", " ", "\t", ", ", " ,\n", "  # note\n"};
        for (int run = 0; run < 1_000; run++) {
            List<String> entries = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            int count = random.nextInt(20);
            for (int i = 0; i < count; i++) {
                String entry = random.nextInt(4) + "." + random.nextInt(256) + ".0." + i + "/32";
                entries.add(entry);
                text.append(entry).append(separators[random.nextInt(separators.length)]);
            }
            assertThat(BulkEntries.split(text.toString())).as(text.toString()).isEqualTo(entries);
        }
    }
}
