package dev.ipfence.rules.admission;

import dev.ipfence.core.events.AdmissionRuleState;
import dev.ipfence.core.events.AdmissionRuleState.TimeWindow;
import dev.ipfence.rules.orgrecords.OrgRecordEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;

/** A row of {@code admission_rule}; never leaves the service (the API and events use {@link AdmissionRuleState}). */
@Entity
@Table(name = "admission_rule")
public class AdmissionRuleEntity extends OrgRecordEntity {

    public String name;
    public String type;
    public String rule;

    @Column(name = "has_time_constraint")
    public boolean hasTimeConstraint;

    @Column(name = "time_days")
    public String[] timeDays;

    @Column(name = "time_start")
    public String timeStart;

    @Column(name = "time_end")
    public String timeEnd;

    @Column(name = "time_zone")
    public String timeZone;

    /** Copies the changeable fields and the audit fields of {@code state} into this row. */
    void set(AdmissionRuleState state) {
        name = state.name();
        type = state.type();
        rule = state.rule();
        hasTimeConstraint = state.hasTimeConstraint();
        TimeWindow window = state.timeWindow();
        timeDays = window == null ? null : window.daysOfWeek().toArray(String[]::new);
        timeStart = window == null ? null : window.startTime();
        timeEnd = window == null ? null : window.endTime();
        timeZone = window == null ? null : window.timeZone();
        stamped(state.updatedAt(), state.updatedBy(), state.version());
    }

    static AdmissionRuleEntity of(AdmissionRuleState state) {
        AdmissionRuleEntity entity = new AdmissionRuleEntity();
        entity.created(state.id(), state.orgId(), state.createdAt(), state.createdBy());
        entity.set(state);
        return entity;
    }

    AdmissionRuleState state() {
        return new AdmissionRuleState(
                id,
                orgId,
                name,
                type,
                rule,
                hasTimeConstraint,
                hasTimeConstraint ? new TimeWindow(List.of(timeDays), timeStart, timeEnd, timeZone) : null,
                createdAt,
                updatedAt,
                createdBy,
                updatedBy,
                version);
    }
}
