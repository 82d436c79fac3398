package dev.ipfence.rules.groups;

import dev.ipfence.rules.orgrecords.OrgRecordRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Policy groups in PostgreSQL, through the organization-scoped queries every record kind shares. */
@ApplicationScoped
public class PolicyGroupRepository implements OrgRecordRepository<PolicyGroupEntity> {}
