package dev.ipfence.rules.orgrecords;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The queries of every organization's versioned record (admission rules, policy groups,
 * policies, API keys): each entity has {@code id}, {@code orgId} and {@code createdAt}, and a
 * record of another organization reads exactly like one that does not exist.
 */
public interface OrgRecordRepository<E> extends PanacheRepositoryBase<E, UUID> {

    /** The organization's records, oldest first. */
    default Uni<List<E>> listOf(UUID orgId) {
        return list("orgId = ?1 order by createdAt, id", orgId);
    }

    /** The record if it is the organization's, else null; {@code lock} holds its row until the transaction ends. */
    default Uni<E> findOf(UUID orgId, UUID id, LockModeType lock) {
        return find("id = ?1 and orgId = ?2", id, orgId).withLock(lock).firstResult();
    }

    /**
     * Those of {@code ids} that are the organization's, held FOR SHARE until the transaction ends:
     * a delete of one of them waits for the transaction that refers to it, then sees the reference.
     */
    default Uni<List<E>> holdAll(UUID orgId, Collection<UUID> ids) {
        return find("orgId = ?1 and id in ?2", orgId, ids)
                .withLock(LockModeType.PESSIMISTIC_READ)
                .list();
    }

    default Uni<Long> countOf(UUID orgId) {
        return count("orgId", orgId);
    }
}
