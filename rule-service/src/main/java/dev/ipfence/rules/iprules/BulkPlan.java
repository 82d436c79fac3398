package dev.ipfence.rules.iprules;

import dev.ipfence.core.address.AddressException;
import dev.ipfence.core.address.Addresses;
import dev.ipfence.core.address.IpBlock;
import dev.ipfence.rules.iprules.RuleApi.BulkRequest;
import dev.ipfence.web.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A bulk import read and checked before any database work: one rule per entry that parses, with
 * the action, traffic scopes, active flag and label every entry shares; the entries that do not
 * parse as errors; and the covering networks to look duplicates up by.
 */
public record BulkPlan(List<RuleInput.Spec> specs, List<String> networks, List<String> errors) {

    static BulkPlan of(BulkRequest request, int maxEntries, Instant now, long maxTtlSeconds) {
        if (request == null || request.cidrs() == null) {
            throw ProblemException.badRequest("cidrs", "is required: entries separated by newlines, commas or spaces");
        }
        List<String> entries = BulkEntries.split(request.cidrs());
        if (entries.size() > maxEntries) {
            throw ProblemException.badRequest(
                    "cidrs", "at most " + maxEntries + " entries per import, got " + entries.size());
        }
        RuleInput.Shared shared = RuleInput.forBulk(
                request.action(), request.trafficScopes(), request.isActive(), request.label(), now, maxTtlSeconds);
        List<RuleInput.Spec> specs = new ArrayList<>(entries.size());
        List<String> errors = new ArrayList<>();
        Set<String> networks = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            try {
                IpBlock block = BulkEntries.parse(entry);
                specs.add(shared.at(block));
                networks.add(Addresses.coveringCidr(block).toString());
            } catch (AddressException e) {
                errors.add("entry " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new BulkPlan(specs, List.copyOf(networks), errors);
    }
}
