package dev.ipfence.rules.admission;

import dev.ipfence.rules.orgrecords.OrgRecordRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Admission rules in PostgreSQL, through the organization-scoped queries every record kind shares. */
@ApplicationScoped
public class AdmissionRuleRepository implements OrgRecordRepository<AdmissionRuleEntity> {}
