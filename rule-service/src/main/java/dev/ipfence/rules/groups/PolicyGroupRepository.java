package dev.ipfence.rules.groups;

import dev.ipfence.rules.common.OrgRecordWrites;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PolicyGroupRepository
        implements PanacheRepositoryBase<PolicyGroupEntity, UUID>, OrgRecordWrites.Store<PolicyGroupEntity> {

    /** The organization's groups, oldest first. */
    Uni<List<PolicyGroupEntity>> listOf(UUID orgId) {
        return list("orgId = ?1 order by createdAt, id", orgId);
    }

    /** The group if it is the organization's, else null; {@code lock} holds its row until the transaction ends. */
    @Override
    public Uni<PolicyGroupEntity> findOf(UUID orgId, UUID id, LockModeType lock) {
        return find("id = ?1 and orgId = ?2", id, orgId).withLock(lock).firstResult();
    }

    /**
     * Those of {@code ids} that are the organization's, held FOR SHARE until the transaction ends:
     * a delete of one of them waits for the transaction that refers to it, then sees the reference.
     */
    public Uni<List<PolicyGroupEntity>> holdAll(UUID orgId, Collection<UUID> ids) {
        return find("orgId = ?1 and id in ?2", orgId, ids)
                .withLock(LockModeType.PESSIMISTIC_READ)
                .list();
    }

    @Override
    public Uni<Long> countOf(UUID orgId) {
        return count("orgId", orgId);
    }
}
