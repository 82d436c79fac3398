package dev.ipfence.rules.policies;

import dev.ipfence.rules.orgrecords.OrgRecordRepository;
import dev.ipfence.rules.orgrecords.PolicyReferences;
import dev.ipfence.web.Problem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PolicyRepository implements OrgRecordRepository<PolicyEntity>, PolicyReferences {

    @Override
    public Uni<List<Problem.Reference>> usingRule(UUID orgId, UUID ruleId) {
        return list("orgId = ?1 and ruleId = ?2 order by id", orgId, ruleId)
                .map(found -> found.stream()
                        .map(p -> new Problem.Reference(p.id.toString(), p.name))
                        .toList());
    }

    @Override
    public Uni<List<Problem.Reference>> usingGroup(UUID orgId, UUID groupId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "select cast(p.id as text), p.name from policy p join policy_group_use u"
                                        + " on u.policy_id = p.id where p.org_id = :org and u.group_id = :group"
                                        + " order by p.id",
                                Object[].class)
                        .setParameter("org", orgId)
                        .setParameter("group", groupId)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new Problem.Reference((String) row[0], (String) row[1]))
                        .toList());
    }

    /**
     * Makes {@code policy_group_use} say that the policy names exactly {@code groups}: the rows
     * whose foreign keys keep those groups from being deleted. The policy row must be flushed.
     */
    Uni<Void> useGroups(UUID policyId, List<UUID> groups) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("delete from policy_group_use where policy_id = :policy")
                        .setParameter("policy", policyId)
                        .executeUpdate()
                        .chain(() -> {
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (UUID group : groups.stream().distinct().toList()) {
                                chain = chain.chain(() -> session.createNativeQuery(
                                                "insert into policy_group_use (policy_id, group_id) values (:policy, :group)")
                                        .setParameter("policy", policyId)
                                        .setParameter("group", group)
                                        .executeUpdate()
                                        .replaceWithVoid());
                            }
                            return chain;
                        }));
    }
}
