package dev.ipfence.rules.orgrecords;

import dev.ipfence.web.Problem;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.UUID;

/**
 * The policies that name an admission rule or a policy group: what a delete of either checks
 * first. Implemented by {@code policies.PolicyRepository}, so that admission rules and groups do
 * not depend on policies, which depend on them.
 */
public interface PolicyReferences {

    /** The policies naming the admission rule, by id. */
    Uni<List<Problem.Reference>> usingRule(UUID orgId, UUID ruleId);

    /** The policies naming the group, by id. */
    Uni<List<Problem.Reference>> usingGroup(UUID orgId, UUID groupId);
}
