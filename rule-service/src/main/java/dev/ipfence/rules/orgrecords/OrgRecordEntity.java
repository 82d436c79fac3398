package dev.ipfence.rules.orgrecords;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.UUID;

/** The columns every versioned record of an organization has: its id, organization, audit fields and version. */
@MappedSuperclass
public abstract class OrgRecordEntity {

    @Id
    public UUID id;

    @Column(name = "org_id", nullable = false, updatable = false)
    public UUID orgId;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "created_by", updatable = false)
    public String createdBy;

    @Column(name = "updated_by")
    public String updatedBy;

    public long version;

    /** What a record's creation fixes for good. */
    protected void created(UUID id, UUID orgId, Instant createdAt, String createdBy) {
        this.id = id;
        this.orgId = orgId;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    /** What every change of the record stamps. */
    protected void stamped(Instant updatedAt, String updatedBy, long version) {
        this.updatedAt = updatedAt;
        this.updatedBy = updatedBy;
        this.version = version;
    }
}
