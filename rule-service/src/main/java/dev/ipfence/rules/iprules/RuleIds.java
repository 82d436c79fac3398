package dev.ipfence.rules.iprules;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * New rule ids: version 7 UUIDs (RFC 9562), the creation millisecond first, then random bits, rising
 * within a millisecond. A new rule's entries then go to the right edge of the primary key and of
 * {@code ip_rule_by_scope} instead of to random pages, which makes a bulk import's insert faster
 * ({@code docs/benchmarks.md}, Bulk import). Ids made by one replica rise in the order made.
 */
final class RuleIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private RuleIds() {}

    static UUID next() {
        return GENERATOR.generate();
    }
}
