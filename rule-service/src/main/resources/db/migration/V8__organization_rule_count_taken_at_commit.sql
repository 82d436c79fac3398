-- The organization's rule count taken inside COMMIT. Every rule write of an organization waits for
-- its row in ip_rule_count_by_org; taken by a statement of its own, that row stayed locked for the
-- statement's round trip to rule-service and back with the COMMIT, so one organization's creates
-- queued behind each other's round trips. A create now leaves a claim here instead
-- (dev.ipfence.rules.quota.RuleCounters), and the deferred trigger below settles it at commit: the
-- count grows, or the COMMIT fails with SQLSTATE IPQ01 and nothing of the transaction stays. The row
-- is then locked only while PostgreSQL commits. Rows are still locked scopes first, as deletes take
-- them (V6): a create holds its scope's row from its first statement on.
--
-- A claim lives only inside its transaction: the trigger deletes it, by its key and before it takes
-- the organization's row, so the table is empty between transactions and need not survive a crash
-- (unlogged). Each claim leaves a dead row; autovacuum is asked to clear them early, and not to
-- truncate the table (which would lock out new claims for a moment).
create unlogged table ip_rule_count_claim (
    id        bigint generated always as identity primary key,
    org_id    uuid   not null,
    adding    bigint not null check (adding > 0),
    max_used  bigint not null
) with (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, vacuum_truncate = false);

create function ip_rule_count_settle_claim() returns trigger language plpgsql as $$
declare
    used_now bigint;
begin
    delete from ip_rule_count_claim where id = new.id;
    insert into ip_rule_count_by_org as c (org_id, used)
        select new.org_id, new.adding where new.adding <= new.max_used
        on conflict (org_id) do update set used = c.used + new.adding
        where c.used + new.adding <= new.max_used
        returning used into used_now;
    if used_now is null then
        select used into used_now from ip_rule_count_by_org where org_id = new.org_id;
        raise exception 'the organization % holds % rules: adding % would pass its limit of %',
                new.org_id, coalesce(used_now, 0), new.adding, new.max_used
            using errcode = 'IPQ01', detail = format('%s %s', coalesce(used_now, 0), new.adding);
    end if;
    return null;
end
$$;

create constraint trigger ip_rule_count_settle_claim after insert on ip_rule_count_claim
    deferrable initially deferred
    for each row execute function ip_rule_count_settle_claim();
